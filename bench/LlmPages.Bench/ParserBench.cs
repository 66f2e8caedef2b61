using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace LlmPages.Bench;

/// <summary>
/// What reading a model's stream costs, alone: the same reply (the fake server's chunks, from memory, no network) read
/// through the OpenAI SDK's chat client (what LlmPages used before) and through <see cref="OpenAiStreamingChatClient"/>,
/// taking turns on one thread. CPU time and bytes allocated per chunk; the machine's other work hardly moves them.
/// </summary>
public static class ParserBench
{
    private const int ChunksPerReply = 20_000;

    public static async Task<List<(string, string, string)>> MeasureAsync(bool quick)
    {
        var body = Encoding.UTF8.GetBytes(Reply());
        var baseUrl = new Uri("http://model.invalid/v1");
        using var http = new HttpClient(new MemoryHandler(body));
        var sdk = new ChatClient("bench-model", new ApiKeyCredential("k"), new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            Transport = new HttpClientPipelineTransport(http),
        }).AsIChatClient();
        var ours = new OpenAiStreamingChatClient(sdk, http, new ProviderConnection(ProviderKind.OpenAiCompatible, baseUrl, "k"), "bench-model");

        var rounds = quick ? 4 : 10;
        var sdkCost = new List<(double Cpu, double Bytes)>();
        var ourCost = new List<(double Cpu, double Bytes)>();
        for (var i = 0; i < rounds + 3; i++)
        {
            var a = await ReadAsync(sdk);
            var b = await ReadAsync(ours);
            if (i >= 3) // warm-up: JIT and tiering
            {
                sdkCost.Add(a);
                ourCost.Add(b);
            }
        }
        string Row(List<(double Cpu, double Bytes)> costs) =>
            $"{Stats.Percentile([.. costs.Select(c => c.Cpu)], 50).ToString("0.00", CultureInfo.InvariantCulture)} µs, " +
            $"{Stats.Percentile([.. costs.Select(c => c.Bytes)], 50).ToString("0", CultureInfo.InvariantCulture)} B";
        return
        [
            ($"Reading a model's stream alone ({ChunksPerReply:N0}-chunk replies from memory, median of {rounds}): CPU and allocation per chunk, the OpenAI SDK's client", Row(sdkCost), ""),
            ("Reading a model's stream alone: CPU and allocation per chunk, LlmPages' stream parser (SseParser, Utf8JsonReader)", Row(ourCost), ""),
        ];
    }

    /// <summary>One reply read to its end: CPU microseconds and bytes allocated per chunk.</summary>
    private static async Task<(double Cpu, double Bytes)> ReadAsync(IChatClient client)
    {
        var process = Process.GetCurrentProcess();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = process.TotalProcessorTime;
        var chars = 0;
        await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "hi")]))
        {
            chars += update.Text.Length;
        }
        process.Refresh();
        var cpuUs = (process.TotalProcessorTime - cpu).TotalMicroseconds / ChunksPerReply;
        var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)ChunksPerReply;
        return chars > 0 ? (cpuUs, bytes) : throw new InvalidOperationException("The reply was empty.");
    }

    /// <summary>The fake model server's stream, byte for byte: a token per chunk, then the finish and [DONE].</summary>
    private static string Reply()
    {
        var text = new StringBuilder();
        for (var i = 1; i <= ChunksPerReply; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench-model\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\" #{i}@{Stopwatch.GetTimestamp()}\"}},\"finish_reason\":null}}]}}\n\n");
        }
        text.Append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        text.Append("data: [DONE]\n\n");
        return text.ToString();
    }

    /// <summary>Answers every request with the same event stream, from memory.</summary>
    private sealed class MemoryHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new MemoryStream(body, writable: false));
            content.Headers.ContentType = new("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
