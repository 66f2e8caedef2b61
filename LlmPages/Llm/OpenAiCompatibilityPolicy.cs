using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace LlmPages.Llm;

/// <summary>
/// Fits the OpenAI SDK's requests to every OpenAI-compatible server, just before they go on the wire:
/// <list type="bullet">
/// <item>The SDK sends the reply limit only as <c>max_completion_tokens</c>; llama.cpp, older vLLM and others read
/// only <c>max_tokens</c>, so the same value is added as <c>max_tokens</c>. Not for OpenAI itself (and Azure
/// OpenAI): their reasoning models reject <c>max_tokens</c>.</item>
/// <item>The SDK insists on a credential; when the provider has no key, the placeholder is removed so keyless
/// servers see no <c>Authorization</c> header at all.</item>
/// </list>
/// </summary>
public sealed class OpenAiCompatibilityPolicy(bool addMaxTokens, bool removeAuthorization) : PipelinePolicy
{
    /// <summary>Hosts that read <c>max_completion_tokens</c> and refuse <c>max_tokens</c> for some models.</summary>
    public static bool WantsMaxTokens(Uri baseUrl) =>
        !baseUrl.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase)
        && !baseUrl.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase);

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Adjust(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Adjust(message);
        await ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Adjust(PipelineMessage message)
    {
        if (removeAuthorization)
        {
            message.Request.Headers.Remove("Authorization");
        }
        if (addMaxTokens && message.Request.Content is { } content)
        {
            message.Request.Content = WithMaxTokens(content);
        }
    }

    private static BinaryContent WithMaxTokens(BinaryContent content)
    {
        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(buffer.ToArray());
        }
        catch (System.Text.Json.JsonException)
        {
            return BinaryContent.Create(new BinaryData(buffer.ToArray()));
        }
        if (json is JsonObject body && body["max_completion_tokens"] is { } limit && !body.ContainsKey("max_tokens"))
        {
            body["max_tokens"] = limit.DeepClone();
            return BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
        }
        return BinaryContent.Create(new BinaryData(buffer.ToArray()));
    }
}
