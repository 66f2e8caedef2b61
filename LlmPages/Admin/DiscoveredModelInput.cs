using Microsoft.AspNetCore.Mvc;

namespace LlmPages.Admin;

/// <summary>
/// One model a server listed, as the "Discover models" form posts it back. The id, name and limits follow
/// <see cref="ModelFieldRules"/>, as on the model form.
/// </summary>
[ModelMetadataType<ModelFieldRules>]
public sealed class DiscoveredModelInput
{
    /// <summary>Ticked: add this model.</summary>
    public bool Selected { get; set; }

    public string WireModelId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public int? ContextWindow { get; set; }

    public int? MaxOutputTokens { get; set; }

    public ModelInput ToModelInput(int providerId) => new()
    {
        ProviderId = providerId,
        WireModelId = WireModelId.Trim(),
        DisplayName = DisplayName.Trim(),
        ContextWindow = ContextWindow,
        MaxOutputTokens = MaxOutputTokens,
        IsActive = true,
    };
}
