using System.Globalization;

namespace LlmPages.Instances;

/// <summary>
/// Short signals to every instance sharing the database, this one included: "stop this reply" (Stop pressed on an
/// instance that is not writing it), "this reply has more text saved" and "this reply has ended" (for readers following
/// it from another instance). Each engine carries them its way (<see cref="Data.DatabaseEngine.AddInstanceChannel"/>):
/// on SQLite there is one instance, so a signal goes straight to this process's subscribers; on PostgreSQL through
/// <c>NOTIFY</c>, heard by one <c>LISTEN</c> connection per instance. A signal names a reply and, for text, how far its
/// saved text goes; the text itself is always read from the database, so a signal stays far below NOTIFY's 8,000 bytes.
/// Signals can be lost (a listener reconnecting): subscribers also look at the database on their own heartbeat.
/// </summary>
public abstract class InstanceChannel
{
    private readonly Lock gate = new();
    private Action<InstanceSignal>[] subscribers = [];

    /// <summary>Sends a signal to every instance (this one too).</summary>
    public Task PublishAsync(InstanceSignal signal, CancellationToken cancellationToken) => PublishAsync([signal], cancellationToken);

    /// <summary>Sends signals to every instance (this one too), at once: one round trip for all of them.</summary>
    public abstract Task PublishAsync(IReadOnlyList<InstanceSignal> signals, CancellationToken cancellationToken);

    /// <summary>Hears every signal, on the listener's thread: keep the handler short and never let it throw.</summary>
    public void Subscribe(Action<InstanceSignal> handler)
    {
        lock (gate)
        {
            subscribers = [.. subscribers, handler];
        }
    }

    /// <summary>Hands a received signal to every subscriber.</summary>
    protected void Deliver(InstanceSignal signal)
    {
        foreach (var handler in Volatile.Read(ref subscribers))
        {
            handler(signal);
        }
    }

    /// <summary>Hands a received payload to every subscriber, ignoring anything that is not a signal.</summary>
    protected void Deliver(string payload)
    {
        if (InstanceSignal.TryParse(payload, out var signal))
        {
            Deliver(signal);
        }
    }
}

/// <summary>What happened to which reply; <see cref="Length"/> is how much of its text is saved (for <see cref="InstanceSignalKind.Saved"/>).</summary>
public readonly record struct InstanceSignal(InstanceSignalKind Kind, Guid ReplyId, int Length = 0)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(char)Kind}{ReplyId:N}{(Kind == InstanceSignalKind.Saved ? ":" + Length : "")}");

    public static bool TryParse(string payload, out InstanceSignal signal)
    {
        signal = default;
        if (payload.Length < 33 || !Enum.IsDefined((InstanceSignalKind)payload[0])
            || !Guid.TryParseExact(payload.AsSpan(1, 32), "N", out var id))
        {
            return false;
        }
        var length = 0;
        if (payload.Length > 33 && (payload[33] != ':' || !int.TryParse(payload.AsSpan(34), NumberStyles.None, CultureInfo.InvariantCulture, out length)))
        {
            return false;
        }
        signal = new InstanceSignal((InstanceSignalKind)payload[0], id, length);
        return true;
    }
}

/// <summary>The kinds of signal, each one letter on the wire.</summary>
public enum InstanceSignalKind
{
    /// <summary>Stop pressed for the reply: the instance writing it stops it.</summary>
    Stop = 's',

    /// <summary>More of the reply's text is saved (up to <see cref="InstanceSignal.Length"/> characters).</summary>
    Saved = 't',

    /// <summary>The reply's final state is saved.</summary>
    Ended = 'e',
}

/// <summary>One instance (SQLite): a signal goes straight to this process's subscribers.</summary>
public sealed class LocalInstanceChannel : InstanceChannel
{
    public override Task PublishAsync(IReadOnlyList<InstanceSignal> signals, CancellationToken cancellationToken)
    {
        foreach (var signal in signals)
        {
            Deliver(signal);
        }
        return Task.CompletedTask;
    }
}
