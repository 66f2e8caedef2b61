using System.Globalization;

namespace LlmPages.Web;

/// <summary>Numbers as people read them.</summary>
public static class Format
{
    /// <summary>"850 ms", "2.4 s", "3 min 5 s".</summary>
    public static string Milliseconds(int milliseconds) => milliseconds switch
    {
        < 1000 => $"{milliseconds.ToString(CultureInfo.InvariantCulture)} ms",
        < 60_000 => $"{(milliseconds / 1000.0).ToString("0.#", CultureInfo.InvariantCulture)} s",
        _ => $"{(milliseconds / 60_000).ToString(CultureInfo.InvariantCulture)} min {(milliseconds % 60_000 / 1000).ToString(CultureInfo.InvariantCulture)} s",
    };

    /// <summary>"1 MB", "512 KB", "1.5 MB", "900 bytes": a size limit as a person says it (1 KB = 1,024 bytes).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB",
    };

    /// <summary>
    /// A time for <c>&lt;time datetime&gt;</c>: UTC, to the second ("2026-11-28T21:37:03Z"). HTML allows at most
    /// three digits of a fraction of a second, and .NET's round-trip format ("O") writes seven.
    /// </summary>
    public static string MachineTime(DateTime time) =>
        (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
