using System.Net;
using Hangfire;
using Hangfire.Storage;
using LlmPages.Jobs;
using LlmPages.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Jobs;

public sealed class JobsDashboardTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnAdminSeesTheJobsDashboard()
    {
        var (admin, _) = await app.AdminAndUserAsync();

        var dashboard = await admin.GetAsync("/admin/jobs");
        var recurring = await admin.GetAsync("/admin/jobs/recurring");

        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Equal(HttpStatusCode.OK, recurring.Status);
        Assert.Contains(ProviderHealthJob.RecurringJobId, recurring.Html);
    }

    [Theory]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/jobs/recurring")]
    [InlineData("/admin/jobs/jobs/succeeded")]
    public async Task AUserGetsTheAppsOwn403PageAndNoRedirect(string url)
    {
        var (_, user) = await app.AdminAndUserAsync();

        var page = await user.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(url, page.Url.AbsolutePath);
        Assert.Equal("You do not have access to this page", page.Text("h1"));
    }

    [Fact]
    public async Task AVisitorIsSentToLogInOnce()
    {
        using var visitor = app.CreateHtmlClient();

        var page = await visitor.GetAsync("/admin/jobs");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/account/login", page.Url.AbsolutePath);
    }

    [Fact]
    public void TheProviderHealthCheckRunsEveryFiveMinutes()
    {
        _ = app.Server;
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = connection.GetRecurringJobs().Single(j => j.Id == ProviderHealthJob.RecurringJobId);

        Assert.Equal("*/5 * * * *", job.Cron);
        Assert.Equal(nameof(ProviderHealthJob.CheckAllAsync), job.Job.Method.Name);
    }
}
