using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LlmPages.Tests.Infrastructure.FakeModels;

/// <summary>
/// OpenAI's chat completions API as OpenAI, vLLM, llama.cpp or OpenRouter speak it: <c>GET /v1/models</c> and
/// <c>POST /v1/chat/completions</c>, JSON or (<c>"stream": true</c>) server-sent events ending in
/// <c>data: [DONE]</c>, with a final usage chunk when <c>stream_options.include_usage</c> asks for one.
/// </summary>
public sealed class FakeOpenAiServer : FakeModelServer
{
    public static Task<FakeOpenAiServer> StartAsync(bool https = false) => StartAsync(new FakeOpenAiServer(), https);

    public override Uri BaseUrl => new(Root, "v1");

    /// <summary>Answers every call with one whole <c>chat.completion</c>, as servers that ignore <c>"stream": true</c> do.</summary>
    public bool IgnoresStream { get; set; }

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/v1/models", async context =>
        {
            if ((await RecordAndCheckAsync(context)).Answered)
            {
                return;
            }
            await DelayAsync(Script.FirstTokenDelay, context);
            await context.Response.WriteAsJsonAsync(new
            {
                @object = "list",
                data = Script.Models.Select(m => new Dictionary<string, object?>
                {
                    ["id"] = m.Id,
                    ["object"] = "model",
                    ["created"] = 1_700_000_000,
                    ["owned_by"] = "fake",
                    ["name"] = m.DisplayName,
                    ["context_length"] = m.ContextWindow, // OpenRouter's field
                }),
            }, context.RequestAborted);
        });

        app.MapPost("/v1/chat/completions", async context =>
        {
            var (answered, body) = await RecordAndCheckAsync(context, checkModel: true);
            if (answered)
            {
                return;
            }
            var model = body!["model"]!.GetValue<string>();
            if (IgnoresStream || body["stream"]?.GetValue<bool>() != true)
            {
                await DelayAsync(Script.FirstTokenDelay, context);
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
                {
                    ["id"] = "chatcmpl-fake",
                    ["object"] = "chat.completion",
                    ["created"] = 1_700_000_000,
                    ["model"] = model,
                    ["choices"] = new[]
                    {
                        new { index = 0, message = new { role = "assistant", content = Script.Reply }, finish_reason = "stop" },
                    },
                    ["usage"] = Usage(),
                }, context.RequestAborted);
                return;
            }

            if (!await StreamTokensAsync(context, "text/event-stream", (i, token) => SendAsync(context, Chunk(model,
                i == 0 ? new { role = "assistant", content = token } : new { content = token }, null))))
            {
                return;
            }
            await SendAsync(context, Chunk(model, new { }, "stop"));
            if (body["stream_options"]?["include_usage"]?.GetValue<bool>() == true && Usage() is { } usage)
            {
                await SendAsync(context, new Dictionary<string, object?>
                {
                    ["id"] = "chatcmpl-fake",
                    ["object"] = "chat.completion.chunk",
                    ["created"] = 1_700_000_000,
                    ["model"] = model,
                    ["choices"] = Array.Empty<object>(),
                    ["usage"] = usage,
                });
            }
            await WriteAndFlushAsync(context, "data: [DONE]\n\n");
        });
    }

    /// <summary>
    /// Send <see cref="FakeScript.StreamError"/> as OpenRouter does (a chunk with the error and a choice whose
    /// <c>finish_reason</c> is <c>"error"</c>, then the end) rather than as vLLM does (the error alone, then
    /// <c>[DONE]</c>).
    /// </summary>
    public bool StreamErrorsLikeOpenRouter { get; set; }

    protected override async Task WriteStreamErrorAsync(HttpContext context, string message)
    {
        if (StreamErrorsLikeOpenRouter)
        {
            await SendAsync(context, new Dictionary<string, object?>
            {
                ["id"] = "gen-fake",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_700_000_000,
                ["model"] = FakeScript.WireModel,
                ["provider"] = "FakeCloud",
                ["error"] = new { code = "server_error", message },
                ["choices"] = new[] { new { index = 0, delta = new { content = "" }, finish_reason = "error" } },
            });
            return;
        }
        await SendAsync(context, new { error = new { message, type = "InternalServerError", param = (string?)null, code = 500 } });
        await WriteAndFlushAsync(context, "data: [DONE]\n\n");
    }

    protected override string ErrorJson(int status, string? model) => JsonSerializer.Serialize(new
    {
        error = Script.ErrorMessage is { } message ? new { message, type = "invalid_request_error", code = "custom" } : status switch
        {
            401 => new { message = "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.", type = "invalid_request_error", code = "invalid_api_key" },
            404 => new { message = $"The model `{model}` does not exist or you do not have access to it.", type = "invalid_request_error", code = "model_not_found" },
            429 => new { message = "Rate limit reached for requests.", type = "requests", code = "rate_limit_exceeded" },
            _ => new { message = "The server had an error while processing your request.", type = "server_error", code = "server_error" },
        },
    });

    private object? Usage() => Script.Usage is { } u
        ? new { prompt_tokens = u.InputTokens, completion_tokens = u.OutputTokens, total_tokens = u.InputTokens + u.OutputTokens }
        : null;

    private static Dictionary<string, object?> Chunk(string model, object delta, string? finishReason) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    private static Task SendAsync(HttpContext context, object chunk) =>
        WriteAndFlushAsync(context, "data: " + JsonSerializer.Serialize(chunk) + "\n\n");
}
