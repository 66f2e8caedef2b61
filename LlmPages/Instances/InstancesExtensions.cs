using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LlmPages.Instances;

/// <summary>Several instances on one database: this instance's id and lease, renewed in the background.</summary>
public static class InstancesExtensions
{
    /// <summary>Called by <see cref="Data.DataExtensions.AddAppData"/>: before the chat's services, so the lease is given up after they stop.</summary>
    public static IServiceCollection AddInstances(this IServiceCollection services)
    {
        services.AddOptions<InstanceOptions>().BindConfiguration(InstanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton<InstanceLeases>();
        services.AddHostedService<InstanceLeaseRenewal>();
        return services;
    }
}
