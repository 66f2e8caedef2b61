using System.Text.RegularExpressions;
using LlmPages.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Deployment;

/// <summary>
/// The deployment files agree with the app and with each other: the README shows the nginx file CI runs, and every
/// platform gives a stopping app longer than the app takes to save its replies.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed partial class DeploymentFilesTests
{
    [Fact]
    public void TheReadmeShowsTheNginxSiteFileThatTheDeploymentTestsRun()
    {
        var site = File.ReadAllText(NginxProxy.SiteFile).TrimEnd();
        var readme = File.ReadAllText(Path.Combine(NginxProxy.RepositoryRoot(), "README.md"));

        Assert.Contains("```nginx\n" + site + "\n```", readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fly.toml")]
    [InlineData("fly.postgres.toml")]
    public void FlyGivesTheAppLongerToStopThanItsShutdownGraceAndSendsSigterm(string file)
    {
        var text = File.ReadAllText(Path.Combine(NginxProxy.RepositoryRoot(), file));

        var killTimeout = TimeSpan.FromSeconds(int.Parse(KillTimeout().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(killTimeout > new ChatLimits().ShutdownGrace + TimeSpan.FromSeconds(5), $"{file}: kill_timeout {killTimeout} leaves no time to save replies.");
        Assert.Contains("kill_signal = \"SIGTERM\"", text, StringComparison.Ordinal);
        Assert.Contains("path = \"/healthz\"", text, StringComparison.Ordinal);
        Assert.Contains("type = \"connections\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImageProbesItselfAndStopsWithSigterm()
    {
        var dockerfile = File.ReadAllText(Path.Combine(NginxProxy.RepositoryRoot(), "Dockerfile"));

        Assert.Contains("STOPSIGNAL SIGTERM", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"CMD [\"dotnet\", \"/app/LlmPages.dll\", \"{LlmPages.Web.HealthProbeCommand.Name}\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("--stop-timeout 30", dockerfile, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?m)^kill_timeout = (\d+)$")]
    private static partial Regex KillTimeout();
}
