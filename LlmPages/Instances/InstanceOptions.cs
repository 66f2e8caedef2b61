using System.ComponentModel.DataAnnotations;

namespace LlmPages.Instances;

/// <summary>
/// How instances on one database know each other are alive, bound from <c>LlmPages:Instances</c>. Every instance renews
/// its lease every <see cref="LeaseRenewInterval"/>, and at the same pace marks interrupted the replies of instances
/// whose lease has expired (<see cref="LeaseDuration"/> without a renewal). So a reply whose instance died is marked,
/// with its last partial save, at most <see cref="LeaseDuration"/> + <see cref="LeaseRenewInterval"/> after the
/// instance's last renewal (40 s with the defaults), and readers on other instances are told then.
/// </summary>
public sealed class InstanceOptions : IValidatableObject
{
    public const string Section = "LlmPages:Instances";

    /// <summary>How often an instance renews its lease and looks for replies whose instance is gone.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "LeaseRenewInterval must be between 50 ms and 10 minutes.")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance counts as alive after its last renewal. Must be well beyond the renew interval and the clocks' difference between hosts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00", ErrorMessage = "LeaseDuration must be between 200 ms and 1 hour.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseDuration < 2 * LeaseRenewInterval)
        {
            yield return new ValidationResult(
                "LlmPages:Instances:LeaseDuration must be at least twice LeaseRenewInterval, or a busy instance would lose its lease between two renewals.",
                [nameof(LeaseDuration)]);
        }
    }
}
