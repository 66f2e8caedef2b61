using System.Diagnostics;
using LlmPages.Accounts;
using LlmPages.Data.Entities;
using Microsoft.Extensions.Options;

namespace LlmPages.Monitoring;

/// <summary>
/// The one way into the monitoring rows: a logger provider, so that anything the app logs at
/// <see cref="MonitoringOptions.MinimumLevel"/> or above (application warnings and errors, provider failures, Hangfire's
/// and ASP.NET Core's own) becomes a row, with the trace id, the request path and the user when known. Logging only
/// queues (<see cref="MonitoringQueue"/>): it never waits for the database. The observability work adds its exporter
/// here, so that the rows and the exported logs stay one pipeline.
/// <para>
/// It never records its own work: while <see cref="MonitoringWriter"/> writes, <see cref="Suppressed"/> is set on that
/// async flow, so the writer's own failures and the EF, Npgsql and SQLite lines its writes cause go to the other
/// loggers only. Otherwise a database that refuses a row would log an error that becomes a row that it refuses...
/// </para>
/// The user id is the request's signed-in person or, outside a request, a <c>{UserId}</c> in the message's values.
/// </summary>
[ProviderAlias("Monitoring")]
public sealed class MonitoringLoggerProvider(MonitoringQueue queue, IHttpContextAccessor http, IOptions<MonitoringOptions> options, TimeProvider clock)
    : ILoggerProvider
{
    /// <summary>The longest message and exception kept.</summary>
    public const int MaxMessage = 4000;
    public const int MaxException = 32_000;

    private static readonly AsyncLocal<bool> suppressed = new();
    private readonly LogLevel minimum = options.Value.MinimumLevel;
    private volatile bool disposed;

    /// <summary>True on the async flow of the writer's own work: nothing logged there becomes a row.</summary>
    public static bool Suppressed
    {
        get => suppressed.Value;
        internal set => suppressed.Value = value;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => disposed = true;

    private bool IsEnabled(LogLevel level) => level >= minimum && level != LogLevel.None && !disposed && !Suppressed;

    private void Write<TState>(string category, LogLevel level, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        HttpContext? context = null;
        string? path = null;
        string? userId = null;
        try
        {
            context = http.HttpContext;
            path = context?.Request.PathBase.Add(context.Request.Path).Value;
            userId = context?.User.UserId();
        }
        catch (ObjectDisposedException)
        {
            // A request that ended while this was logged from its work.
        }
        userId ??= UserIdIn(state);
        queue.Add(new MonitoringLog
        {
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Level = level.ToString(),
            Category = Clip(category, 200)!,
            Message = Clip(formatter(state, exception), MaxMessage) ?? "",
            Exception = Clip(exception?.ToString(), MaxException),
            UserId = Clip(userId, 450),
            RequestPath = Clip(path, 2048),
            TraceId = Activity.Current?.TraceId.ToHexString() ?? context?.TraceIdentifier,
        });
    }

    private static string? UserIdIn<TState>(TState state) =>
        state is IReadOnlyList<KeyValuePair<string, object?>> values
            ? values.FirstOrDefault(v => v.Key == "UserId").Value?.ToString()
            : null;

    private static string? Clip(string? text, int length) =>
        text is null || text.Length <= length ? text : text[..(length - 1)] + "…";

    private sealed class Logger(MonitoringLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (provider.IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, state, exception, formatter);
            }
        }
    }
}
