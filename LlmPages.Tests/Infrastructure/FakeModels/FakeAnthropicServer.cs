using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LlmPages.Tests.Infrastructure.FakeModels;

/// <summary>
/// Anthropic's messages API: <c>GET /v1/models</c> and <c>POST /v1/messages</c>, JSON or server-sent events
/// (message_start, content_block_start, content_block_delta, content_block_stop, message_delta with the output
/// tokens, message_stop). The key is read from <c>x-api-key</c>, as Anthropic does.
/// </summary>
public sealed class FakeAnthropicServer : FakeModelServer
{
    public static Task<FakeAnthropicServer> StartAsync(bool https = false) => StartAsync(new FakeAnthropicServer(), https);

    public override Uri BaseUrl => new(Root.AbsoluteUri.TrimEnd('/'));

    protected override string? ApiKeyOf(HttpRequest request) =>
        request.Headers["x-api-key"].ToString() is { Length: > 0 } key ? key : base.ApiKeyOf(request);

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
                data = Script.Models.Select(m => new { type = "model", id = m.Id, display_name = m.DisplayName, created_at = "2026-01-01T00:00:00Z" }),
                has_more = false,
                first_id = Script.Models.FirstOrDefault()?.Id,
                last_id = Script.Models.LastOrDefault()?.Id,
            }, context.RequestAborted);
        });

        app.MapPost("/v1/messages", async context =>
        {
            var (answered, body) = await RecordAndCheckAsync(context, checkModel: true);
            if (answered)
            {
                return;
            }
            var model = body!["model"]!.GetValue<string>();
            // Anthropic always reports usage; a script without usage reports zeros.
            var usage = Script.Usage ?? new FakeUsage(0, 0);
            if (body["stream"]?.GetValue<bool>() != true)
            {
                await DelayAsync(Script.FirstTokenDelay, context);
                await context.Response.WriteAsJsonAsync(new
                {
                    id = "msg_fake",
                    type = "message",
                    role = "assistant",
                    model,
                    content = new[] { new { type = "text", text = Script.Reply } },
                    stop_reason = "end_turn",
                    stop_sequence = (string?)null,
                    usage = new { input_tokens = usage.InputTokens, output_tokens = usage.OutputTokens },
                }, context.RequestAborted);
                return;
            }

            var started = false;
            var finished = await StreamTokensAsync(context, "text/event-stream", async (_, token) =>
            {
                if (!started)
                {
                    // Like the real API, nothing is sent until the model produces its first token.
                    started = true;
                    await SendAsync(context, "message_start", new
                    {
                        type = "message_start",
                        message = new
                        {
                            id = "msg_fake",
                            type = "message",
                            role = "assistant",
                            model,
                            content = Array.Empty<object>(),
                            stop_reason = (string?)null,
                            stop_sequence = (string?)null,
                            usage = new { input_tokens = usage.InputTokens, output_tokens = 1 },
                        },
                    });
                    await SendAsync(context, "content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
                }
                await SendAsync(context, "content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = token } });
            });
            if (!finished)
            {
                return;
            }
            await SendAsync(context, "content_block_stop", new { type = "content_block_stop", index = 0 });
            await SendAsync(context, "message_delta", new
            {
                type = "message_delta",
                delta = new { stop_reason = "end_turn", stop_sequence = (string?)null },
                usage = new { output_tokens = usage.OutputTokens },
            });
            await SendAsync(context, "message_stop", new { type = "message_stop" });
        });
    }

    /// <summary>Anthropic's <c>event: error</c> (an overload, say), after which the stream closes.</summary>
    protected override Task WriteStreamErrorAsync(HttpContext context, string message) =>
        SendAsync(context, "error", new { type = "error", error = new { type = "overloaded_error", message } });

    protected override string ErrorJson(int status, string? model) => JsonSerializer.Serialize(new
    {
        type = "error",
        error = Script.ErrorMessage is { } message ? new { type = "invalid_request_error", message } : status switch
        {
            401 => new { type = "authentication_error", message = "invalid x-api-key" },
            404 => new { type = "not_found_error", message = $"model: {model}" },
            429 => new { type = "rate_limit_error", message = "Number of request tokens has exceeded your per-minute rate limit." },
            529 => new { type = "overloaded_error", message = "Overloaded" },
            _ => new { type = "api_error", message = "Internal server error" },
        },
    });

    private static Task SendAsync(HttpContext context, string name, object data) =>
        WriteAndFlushAsync(context, $"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n");
}
