using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace LlmPages.Admin;

/// <summary>How the pages name each <see cref="ProviderKind"/>, and the base URL each usually has.</summary>
public static class ProviderKinds
{
    public static string Label(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAiCompatible => "OpenAI-compatible",
        ProviderKind.Ollama => "Ollama",
        ProviderKind.Anthropic => "Anthropic",
        _ => kind.ToString(),
    };

    public static string UsualBaseUrl(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAiCompatible => "https://api.openai.com/v1",
        ProviderKind.Ollama => "http://localhost:11434",
        ProviderKind.Anthropic => "https://api.anthropic.com",
        _ => "",
    };

    public static IReadOnlyList<SelectListItem> Options { get; } =
        Enum.GetValues<ProviderKind>().Select(k => new SelectListItem(Label(k), k.ToString())).ToList();

    /// <summary>The hint under the kind select: every kind with its usual base URL.</summary>
    public static string Hint { get; } = "Usual base URL: "
        + string.Join(" · ", Enum.GetValues<ProviderKind>().Select(k => $"{Label(k)}: {UsualBaseUrl(k)}"))
        + ". OpenAI-compatible also covers vLLM, llama.cpp, LM Studio and OpenRouter.";
}
