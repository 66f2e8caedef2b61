using Microsoft.Extensions.Options;

namespace LlmPages.Data.KeyRing;

/// <summary>Stops start-up on PostgreSQL, with a message naming the setting, when the key ring's certificate cannot be used.</summary>
internal sealed class KeyRingOptionsValidator(IHostEnvironment environment) : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options) =>
        KeyRingCertificates.Load(options, environment.ContentRootPath) is { Certificates: null, Failures: var failures }
            ? ValidateOptionsResult.Fail(failures)
            : ValidateOptionsResult.Success;
}
