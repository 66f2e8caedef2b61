using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace LlmPages.Jobs;

/// <summary>
/// Hangfire's logs through the app's logger factory, as Hangfire.AspNetCore's own provider writes them, but quiet
/// once that factory is disposed. Hangfire keeps one log provider for the whole process (a static): when several apps
/// live in one process (the tests; a host restarted in place), the last one built owns it, and a job queued by another
/// after that app stopped threw ObjectDisposedException from its disposed factory instead of being queued.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new Guarded(inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new Guarded(null);
        }
    }

    private sealed class Guarded(ILog? log) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return log?.Log(logLevel, messageFunc, exception) ?? false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
