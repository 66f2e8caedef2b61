using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LlmPages.Tests.Infrastructure.FakeModels;

/// <summary>
/// Ollama's native API: <c>GET /api/tags</c> and <c>POST /api/chat</c>, streaming newline-delimited JSON unless
/// <c>"stream": false</c>, ending with a <c>"done": true</c> object that carries the token counts.
/// </summary>
public sealed class FakeOllamaServer : FakeModelServer
{
    private const string CreatedAt = "2026-11-25T12:00:00Z";

    public static Task<FakeOllamaServer> StartAsync(bool https = false) => StartAsync(new FakeOllamaServer(), https);

    public override Uri BaseUrl => Root;

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/api/tags", async context =>
        {
            if ((await RecordAndCheckAsync(context)).Answered)
            {
                return;
            }
            await DelayAsync(Script.FirstTokenDelay, context);
            await context.Response.WriteAsJsonAsync(new
            {
                models = Script.Models.Select(m => new
                {
                    name = m.Id,
                    model = m.Id,
                    modified_at = CreatedAt,
                    size = 4_661_224_676L,
                    digest = "0123456789abcdef",
                    details = new { format = "gguf", family = "llama", parameter_size = "8B", quantization_level = "Q4_0" },
                }),
            }, context.RequestAborted);
        });

        app.MapPost("/api/chat", async context =>
        {
            var (answered, body) = await RecordAndCheckAsync(context, checkModel: true);
            if (answered)
            {
                return;
            }
            var model = body!["model"]!.GetValue<string>();
            // Ollama streams unless told not to.
            if (body["stream"]?.GetValue<bool>() == false)
            {
                await DelayAsync(Script.FirstTokenDelay, context);
                await context.Response.WriteAsJsonAsync(Final(model, Script.Reply), context.RequestAborted);
                return;
            }

            if (!await StreamTokensAsync(context, "application/x-ndjson", (_, token) => SendAsync(context, new Dictionary<string, object?>
            {
                ["model"] = model,
                ["created_at"] = CreatedAt,
                ["message"] = new { role = "assistant", content = token },
                ["done"] = false,
            })))
            {
                return;
            }
            await SendAsync(context, Final(model, ""));
        });
    }

    /// <summary>Ollama's line for a failure once the stream has started (<c>{"error":".."}</c>), then the end.</summary>
    protected override Task WriteStreamErrorAsync(HttpContext context, string message) => SendAsync(context, new { error = message });

    protected override string ErrorJson(int status, string? model) => JsonSerializer.Serialize(new
    {
        error = Script.ErrorMessage ?? status switch
        {
            401 => "unauthorized",
            404 => $"model \"{model}\" not found, try pulling it first",
            429 => "too many requests",
            _ => "an internal error occurred",
        },
    });

    private Dictionary<string, object?> Final(string model, string content)
    {
        var final = new Dictionary<string, object?>
        {
            ["model"] = model,
            ["created_at"] = CreatedAt,
            ["message"] = new { role = "assistant", content },
            ["done"] = true,
            ["done_reason"] = "stop",
            ["total_duration"] = 1_000_000,
        };
        if (Script.Usage is { } usage)
        {
            final["prompt_eval_count"] = usage.InputTokens;
            final["eval_count"] = usage.OutputTokens;
        }
        return final;
    }

    private static Task SendAsync(HttpContext context, object line) =>
        WriteAndFlushAsync(context, JsonSerializer.Serialize(line) + "\n");
}
