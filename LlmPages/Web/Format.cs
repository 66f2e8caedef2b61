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
}
