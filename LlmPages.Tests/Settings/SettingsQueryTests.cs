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

    [Fact]
    public async Task WhenTheSettingsCannotBeReadTheErrorPageIsStillDrawn()
    {
        await using var app = new CountingApp();
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(Infrastructure.Accounts.NewEmail("unlucky"));

        app.FailSettingsQueries = true;
        var page = await user.GetAsync("/settings");

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, page.Status);
        Assert.NotNull(page.Find("#error-title"));
        Assert.NotNull(page.Find("nav.site-nav")); // the page shell, signed in, in the default look
        Assert.Null(page.Find("html")!.GetAttribute("data-theme"));
    }

    private sealed class CountingApp : AppFactory
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        /// <summary>Every query of the settings table fails, as it would with the database gone.</summary>
        public bool FailSettingsQueries { get; set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(new Counter(this)));
        }
    }

    private sealed class Counter(CountingApp app) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            app.Commands.Enqueue(command.CommandText);
            if (app.FailSettingsQueries && command.CommandText.Contains("\"UserSettings\"", StringComparison.Ordinal))
            {
                throw new TimeoutException("The database did not answer (a test's failure).");
            }
            return ValueTask.FromResult(result);
        }
    }
}
