using Microsoft.AspNetCore.Mvc.Rendering;

namespace LlmPages.Admin;

/// <summary>A page with the AI type form: the shared fields partial binds to <c>Input</c>.</summary>
public interface IAiTypeForm
{
    AiTypeInput Input { get; }
}

/// <summary>A page with the provider form.</summary>
public interface IProviderForm
{
    ProviderInput Input { get; }

    /// <summary>The active AI types (and the provider's current one, even if inactive).</summary>
    IReadOnlyList<SelectListItem> TypeOptions { get; }

    /// <summary>On edit: whether a key is stored, and its hint.</summary>
    bool HasStoredKey { get; }

    string? StoredKeyHint { get; }
}

/// <summary>A page with the model form.</summary>
public interface IModelForm
{
    ModelInput Input { get; }

    IReadOnlyList<SelectListItem> ProviderOptions { get; }
}

/// <summary>A page with the library prompt form.</summary>
public interface ISystemPromptForm
{
    SystemPromptInput Input { get; }
}
