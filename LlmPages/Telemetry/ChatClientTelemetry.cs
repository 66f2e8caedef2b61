using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmPages.Telemetry;

/// <summary>
/// Wraps a model's chat client in Microsoft.Extensions.AI's OpenTelemetry client (the <c>gen_ai.*</c> spans and
/// metrics of each call) when telemetry is on; otherwise returns it as it is, so the token path pays nothing. Its
/// sensitive-data option (prompts and replies as span attributes and events) stays off, whatever the environment says,
/// and it gets no logger: it would log a failed call's exception, whose message holds the server's own words, which
/// may quote the prompt (<see cref="Chat.Streaming.GenerationRunner"/> logs failures without them).
/// </summary>
public sealed class ChatClientTelemetry(IOptions<TelemetryOptions> options)
{
    /// <summary>Microsoft.Extensions.AI's spans and metrics of model calls (<c>gen_ai.*</c>): its default source name.</summary>
    public const string SourceName = "Experimental.Microsoft.Extensions.AI";

    private readonly bool on = options.Value.IsOn;

    public IChatClient Wrap(IChatClient client) => on
        ? client.AsBuilder()
            .UseOpenTelemetry(NullLoggerFactory.Instance, ChatClientTelemetry.SourceName, otel => otel.EnableSensitiveData = false)
            .Build()
        : client;
}
