using System.Collections.Concurrent;
using System.Data.Common;
using LlmPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Settings;

/// <summary>
/// Every page reads the person's settings (theme, text size; on the chat also the defaults and the Enter key), so the
/// settings cost one small query per page, however many parts of it need them.
/// </summary>
public sealed class SettingsQueryTests
{
    [Theory]
    [InlineData("/chat")]
    [InlineData("/settings")]
    [InlineData("/profile")]
    public async Task APageReadsTheSettingsOnce(string url)
    {
        await using var app = new CountingApp();
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(Infrastructure.Accounts.NewEmail("counted"));
        await user.SaveSettingsAsync(new Dictionary<string, string> { ["Input.Theme"] = "Dark" });

        app.Commands.Clear();
        var page = await user.GetAsync(url);

        Assert.Equal("dark", page.Find("html")!.GetAttribute("data-theme"));
        Assert.Single(app.Commands, c => c.Contains("\"UserSettings\"", StringComparison.Ordinal));
    }

    private sealed class CountingApp : AppFactory
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(new Counter(Commands)));
        }
    }

    private sealed class Counter(ConcurrentQueue<string> commands) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
