using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LlmPages.Tests.Infrastructure.FakeModels;

/// <summary>
/// An OpenAI-compatible server whose streamed answer is exactly the bytes a test gives (<see cref="Pieces"/>, each
/// written and flushed on its own), for the wire details no well-behaved fake sends: odd line ends, comments, data
/// over several lines, a missing <c>[DONE]</c>, errors under another content type.
/// </summary>
public sealed class FakeRawStreamServer : FakeModelServer
{
    public static Task<FakeRawStreamServer> StartAsync() => StartAsync(new FakeRawStreamServer(), https: false);

    public override Uri BaseUrl => new(Root, "v1");

    /// <summary>The body of the streamed answer, piece by piece.</summary>
    public List<string> Pieces { get; set; } = [];

    public string ContentType { get; set; } = "text/event-stream";

    /// <summary>After the last piece, keep the connection open until the client hangs up.</summary>
    public bool StayOpen { get; set; }

    protected override void MapRoutes(WebApplication app) =>
        app.MapPost("/v1/chat/completions", async context =>
        {
            if ((await RecordAndCheckAsync(context, checkModel: true)).Answered)
            {
                return;
            }
            context.Response.ContentType = ContentType;
            await context.Response.StartAsync(context.RequestAborted);
            foreach (var piece in Pieces)
            {
                await WriteAndFlushAsync(context, piece);
            }
            if (StayOpen)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
        });

    protected override string ErrorJson(int status, string? model) =>
        "{\"error\":{\"message\":\"Scripted failure " + status + "\",\"type\":\"server_error\"}}";

    protected override Task WriteStreamErrorAsync(HttpContext context, string message) => Task.CompletedTask;
}
