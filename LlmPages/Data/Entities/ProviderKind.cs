namespace LlmPages.Data.Entities;

/// <summary>The wire protocol an <see cref="AiProvider"/> speaks. Stored as its name.</summary>
public enum ProviderKind
{
    /// <summary>OpenAI's chat completions API, as spoken by OpenAI, vLLM, llama.cpp, LM Studio, OpenRouter...</summary>
    OpenAiCompatible,

    /// <summary>Ollama's native API.</summary>
    Ollama,

    /// <summary>Anthropic's messages API.</summary>
    Anthropic,
}
