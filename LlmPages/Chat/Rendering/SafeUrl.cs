namespace LlmPages.Chat.Rendering;

/// <summary>
/// The one rule for URLs in a model's reply: absolute http, https or mailto, nothing else. Relative and
/// protocol-relative URLs are refused too: a reply has no business pointing into the app itself.
/// </summary>
internal static class SafeUrl
{
    private static readonly string[] AllowedPrefixes = ["http://", "https://", "mailto:"];

    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return false;
        }

        // Browsers drop tabs and newlines inside a scheme ("java\tscript:"), and other control or invisible
        // characters make a URL read differently to people and to parsers: refuse them outright.
        foreach (var c in url)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                return false;
            }
        }

        if (!AllowedPrefixes.Any(p => url.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        // Belt and braces: the framework's parser must agree on the scheme, and web links need a host.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }
        return uri.Scheme switch
        {
            "http" or "https" => uri.Host.Length > 0,
            "mailto" => true,
            _ => false,
        };
    }
}
