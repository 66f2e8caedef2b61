using System.ComponentModel.DataAnnotations;
using LlmPages.Data.Entities;

namespace LlmPages.Llm;

/// <summary>
/// Providers and models declared in configuration (<c>LlmPages:Providers:0:Name</c>, ...), so that a container
/// starts ready to chat without anyone using the admin pages. Applied at every start: added when missing,
/// updated when changed; providers and models added in the UI are left alone.
/// </summary>
public sealed class ConfiguredProvidersOptions
{
    public const string Section = "LlmPages";

    public List<ConfiguredProvider> Providers { get; set; } = [];
}

public sealed class ConfiguredProvider
{
    [Required(ErrorMessage = "Every configured provider needs a Name.")]
    [StringLength(100)]
    public string Name { get; set; } = "";

    public ProviderKind Kind { get; set; } = ProviderKind.OpenAiCompatible;

    [Required(ErrorMessage = "Every configured provider needs a BaseUrl.")]
    public string BaseUrl { get; set; } = "";

    /// <summary>Encrypted when stored; leave unset for servers that need none (Ollama, llama.cpp).</summary>
    public string? ApiKey { get; set; }

    public List<ConfiguredModel> Models { get; set; } = [];
}

public sealed class ConfiguredModel
{
    /// <summary>The wire model id, e.g. <c>gpt-4o-mini</c> or <c>llama3.2</c>.</summary>
    [Required(ErrorMessage = "Every configured model needs an Id.")]
    public string Id { get; set; } = "";

    public string? DisplayName { get; set; }

    [Range(1, int.MaxValue)]
    public int ContextWindow { get; set; } = 8192;

    [Range(1, int.MaxValue)]
    public int MaxOutputTokens { get; set; } = 2048;

    /// <summary>The model new chats use.</summary>
    public bool Default { get; set; }
}
