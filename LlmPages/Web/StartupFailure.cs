using LlmPages.Data;
using Microsoft.Extensions.Options;

namespace LlmPages.Web;

/// <summary>
/// A wrong setting or a database that cannot be reached stops the app with one plain message naming the setting,
/// not a stack trace: the person reading it is setting up a server, not debugging LlmPages.
/// </summary>
public static class StartupFailure
{
    private static int registered;

    /// <summary>
    /// Reports such a failure, if it ends the process, on standard error and exits with code 1. (A test host, which
    /// catches the entry point's exceptions itself, never gets here.)
    /// </summary>
    public static void ReportPlainly()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (Explain(e.ExceptionObject as Exception) is { } message)
            {
                Console.Error.WriteLine($"LlmPages cannot start.{Environment.NewLine}{message}");
                Console.Error.Flush();
                Environment.Exit(1);
            }
        };
    }

    /// <summary>
    /// Checks every setting validated at start now, before anything uses them, so that a wrong one is reported here
    /// (plainly) rather than by the host as it starts (with a stack trace in its log).
    /// </summary>
    public static void ValidateSettings(this WebApplication app) =>
        app.Services.GetRequiredService<IStartupValidator>().Validate();

    private static string? Explain(Exception? exception) => exception switch
    {
        OptionsValidationException options => string.Join(Environment.NewLine, options.Failures.Select(f => $"- {f}")),
        DatabaseUnavailableException database => $"- {database.Message}",
        // Several settings wrong at once (the database's and the key ring's): every one of them, if each is explained.
        AggregateException aggregate => ExplainAll(aggregate.InnerExceptions),
        _ => null,
    };

    private static string? ExplainAll(IEnumerable<Exception> exceptions)
    {
        var explained = exceptions.Select(Explain).ToList();
        return explained.Count > 0 && explained.All(e => e is not null) ? string.Join(Environment.NewLine, explained) : null;
    }
}
