using LlmPages.Data;
using Microsoft.Extensions.Options;

namespace LlmPages.Llm;

/// <summary>Stops the app at start with a message naming the configured provider or model that is wrong.</summary>
internal sealed class ConfiguredProvidersValidator : IValidateOptions<ConfiguredProvidersOptions>
{
    public ValidateOptionsResult Validate(string? name, ConfiguredProvidersOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Providers.Count; i++)
        {
            var provider = options.Providers[i];
            var where = $"LlmPages:Providers:{i}";
            if (string.IsNullOrWhiteSpace(provider.Name))
            {
                failures.Add($"{where}:Name is missing.");
            }
            if (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{where}:BaseUrl must be an absolute http or https address (it is '{provider.BaseUrl}').");
            }
            // The app's own rule for names (NameKeys): "OpenAI" and "openai" are one provider.
            if (options.Providers.Count(p => NameKeys.Of(p.Name) == NameKeys.Of(provider.Name)) > 1)
            {
                failures.Add($"{where}:Name '{provider.Name}' is used by more than one configured provider (names are the same whatever their case).");
            }
            for (var m = 0; m < provider.Models.Count; m++)
            {
                var model = provider.Models[m];
                var modelWhere = $"{where}:Models:{m}";
                if (string.IsNullOrWhiteSpace(model.Id))
                {
                    failures.Add($"{modelWhere}:Id is missing.");
                }
                if (model.ContextWindow <= 0 || model.MaxOutputTokens <= 0)
                {
                    failures.Add($"{modelWhere}: ContextWindow and MaxOutputTokens must be positive whole numbers.");
                }
                else if (model.MaxOutputTokens > model.ContextWindow)
                {
                    failures.Add($"{modelWhere}:MaxOutputTokens ({model.MaxOutputTokens}) cannot be more than ContextWindow ({model.ContextWindow}).");
                }
            }
        }
        if (options.Providers.SelectMany(p => p.Models).Count(m => m.Default) > 1)
        {
            failures.Add("More than one configured model has Default = true; choose one.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
