using System.Diagnostics;
using System.Reflection;
using LlmPages.Accounts;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Usage;
using LlmPages.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin;

/// <summary>
/// The admin's overview of this server: people and their activity, chats, messages and tokens over the last day, week and
/// month, the error rate, provider health, top models and the latest errors (<see cref="AdminOverview"/>); then the
/// catalogue, storage and the running process.
/// </summary>
public sealed class IndexModel(
    AppDbContext db, DatabaseEngine engine, UserManager<AppUser> users, IWebHostEnvironment environment, TimeProvider clock,
    AdminOverview overview, UsageDays days, AppTimeZone zone) : PageModel
{
    public AppTimeZone Zone => zone;
    public AdminOverview.Figures Figures { get; private set; } = null!;
    public string TimeZone => days.TimeZone;
    public int UserCount { get; private set; }
    public int ActiveUserCount { get; private set; }
    public int AdminCount { get; private set; }
    public int ProviderCount { get; private set; }
    public int ActiveProviderCount { get; private set; }
    public int ModelCount { get; private set; }
    public string? DefaultModel { get; private set; }
    public long? DatabaseBytes { get; private set; }
    public string DatabaseProvider { get; private set; } = "";
    /// <summary>The build's version with a short commit id ("1.0.0+acdc963").</summary>
    public string Version { get; } = ShortVersion(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
    public string Runtime { get; } = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
    public string EnvironmentName => environment.EnvironmentName;
    public TimeSpan Uptime { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Figures = await overview.ReadAsync(cancellationToken);
        UserCount = await db.Users.CountAsync(cancellationToken);
        ActiveUserCount = await db.Users.CountAsync(u => u.IsActive, cancellationToken);
        AdminCount = (await users.GetUsersInRoleAsync(Roles.Admin)).Count;
        ProviderCount = await db.AiProviders.CountAsync(cancellationToken);
        ActiveProviderCount = await db.AiProviders.CountAsync(p => p.IsActive, cancellationToken);
        ModelCount = await db.AiModels.CountAsync(cancellationToken);
        DefaultModel = await db.AiModels.Where(m => m.IsDefault).Select(m => m.DisplayName).FirstOrDefaultAsync(cancellationToken);
        DatabaseProvider = engine.DisplayName;
        // In WAL mode recent writes sit in the -wal file until a checkpoint: count both.
        var dataSource = db.Database.GetDbConnection().DataSource;
        DatabaseBytes = System.IO.File.Exists(dataSource)
            ? new[] { dataSource, dataSource + "-wal" }.Where(System.IO.File.Exists).Sum(f => new FileInfo(f).Length)
            : null;
        Uptime = clock.GetUtcNow() - Process.GetCurrentProcess().StartTime.ToUniversalTime();
    }

    private static string ShortVersion(string? version) => version?.Split('+') switch
    {
        [var number, var commit] => $"{number}+{commit[..Math.Min(7, commit.Length)]}",
        [var number] => number,
        _ => "unknown",
    };

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.#} MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.##} GB",
    };

    public static string FormatDuration(TimeSpan span) => span.TotalDays >= 1
        ? $"{(int)span.TotalDays} d {span.Hours} h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{Math.Max(0, span.Minutes)} min";
}
