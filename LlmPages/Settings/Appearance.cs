using LlmPages.Data.Entities;

namespace LlmPages.Settings;

/// <summary>
/// How the pages look for one person, as the page shell writes it on <c>&lt;html&gt;</c> (<c>data-theme</c>,
/// <c>data-text-size</c>) and in the color-scheme meta; the stylesheet does the rest, so it works without JavaScript.
/// </summary>
public sealed record Appearance(Theme Theme, TextSize TextSize)
{
    public static readonly Appearance Default = new(Theme.System, TextSize.Normal);

    /// <summary>The <c>data-theme</c> value: none for <see cref="Theme.System"/>, whose colours follow the device.</summary>
    public string? ThemeAttribute => Theme == Theme.System ? null : Theme.ToString().ToLowerInvariant();

    /// <summary>The <c>data-text-size</c> value: none for the normal size.</summary>
    public string? TextSizeAttribute => TextSize == TextSize.Normal ? null : TextSize.ToString().ToLowerInvariant();

    /// <summary>What the browser may draw its own controls and scrollbars in.</summary>
    public string ColorScheme => Theme switch
    {
        Theme.Light => "light",
        Theme.Dark => "dark",
        _ => "light dark",
    };
}
