using LlmPages.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmPages.Tests.Jobs;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class JobsOptionsTests
{
    [Fact]
    public void TheJobServerLooksForDueJobsEveryFifteenSecondsByDefaultAsHangfireDoes()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), new JobsOptions().SchedulePollingInterval);
    }

    [Fact]
    public void AZeroSchedulePollingIntervalIsRefusedWithAMessageNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmPages:Jobs:SchedulePollingInterval"] = "00:00:00",
        });
        builder.AddJobs();
        using var host = builder.Build();

        // What start-up's validation reads (ValidateOnStart), without the rest of the app's services.
        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<JobsOptions>>().Value);

        Assert.Contains("LlmPages:Jobs:SchedulePollingInterval", failure.Message, StringComparison.Ordinal);
    }
}
