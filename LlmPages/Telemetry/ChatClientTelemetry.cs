using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmPages.Telemetry;

/// <summary>
/// With telemetry on, wraps a model's chat client in Microsoft.Extensions.AI's OpenTelemetry client (the <c>gen_ai.*</c>
/// spans and metrics) for the calls that do not stream (titles, the connection test); otherwise returns it as it is.
/// Streamed replies go past it: that client keeps every update of a stream until it ends, makes a response of them, and
/// sets <c>Activity.Current</c> and records a histogram per chunk, which cost about a third more CPU per token relayed
/// (bench/telemetry-overhead.sh). A streamed reply has its own span and metrics instead (<see cref="AppActivities"/>,
/// <see cref="AppMetrics"/>, recorded once per reply), with the HTTP call to the model beneath its span. The sensitive-data
/// option (prompts and replies as span attributes) stays off whatever the environment says, and the client gets no
/// logger: it would log a failed call's exception, whose message holds the server's own words, which may quote the
/// prompt (<see cref="Chat.Streaming.GenerationRunner"/> logs failures without them).
/// </summary>
public sealed class ChatClientTelemetry(IOptions<TelemetryOptions> options)
{
    /// <summary>Microsoft.Extensions.AI's spans and metrics of model calls (<c>gen_ai.*</c>): its default source name.</summary>
    public const string SourceName = "Experimental.Microsoft.Extensions.AI";

    private readonly bool on = options.Value.IsOn;

    public IChatClient Wrap(IChatClient client) => on
        ? new StreamsPastTelemetry(client, client.AsBuilder()
            .UseOpenTelemetry(NullLoggerFactory.Instance, SourceName, otel => otel.EnableSensitiveData = false)
            .Build())
        : client;

    /// <summary>Calls that do not stream through the instrumented client; streams straight to the model's client.</summary>
    private sealed class StreamsPastTelemetry(IChatClient plain, IChatClient instrumented) : DelegatingChatClient(instrumented)
    {
        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            plain.GetStreamingResponseAsync(messages, options, cancellationToken);
    }
}
