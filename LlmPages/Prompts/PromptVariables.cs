using System.Globalization;
using System.Text.RegularExpressions;
using LlmPages.Web;

namespace LlmPages.Prompts;

/// <summary>
/// The variables a system prompt may use, written <c>{{name}}</c> (spaces inside the braces allowed), filled in when a
/// message is SENT, not when the prompt is saved: a chat that goes on for days says the right date each day. Library
/// prompts and the prompts people type themselves (chat settings, personal settings, projects) use the same ones and
/// are checked the same way when saved: an unknown or malformed variable is refused with its name (<see cref="Problem"/>),
/// so a typo like <c>{{usr_name}}</c> never reaches a model. Dates and times are in the app's time zone
/// (<see cref="AppTimeZone"/>). There is no escape for a literal <c>{{</c>: a prompt that needs one cannot be saved.
/// </summary>
public sealed partial class PromptVariables(AppTimeZone zone, TimeProvider clock)
{
    /// <summary>Every variable, with what it becomes, for the forms' hints and the error messages.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Known =
    [
        ("date", "today's date, as 2026-03-31"),
        ("time", "the time, as 14:05"),
        ("weekday", "the day of the week, as Tuesday"),
        ("timezone", "the time zone of the date and time"),
        ("user_name", "the name of the person chatting"),
        ("model", "the name of the model answering"),
    ];

    /// <summary>"{{date}}, {{time}}, …": the variables as the hints and errors list them.</summary>
    public static string KnownList { get; } = string.Join(", ", Known.Select(v => "{{" + v.Name + "}}"));

    /// <summary>The one-line hint the prompt fields show.</summary>
    public static string Hint { get; } = $"You can use {KnownList}; they are filled in each time a message is sent.";

    /// <summary>What is wrong with the prompt's variables, in words naming the first bad one; null when they are all right.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrEmpty(text) || (!text.Contains("{{", StringComparison.Ordinal) && !text.Contains("}}", StringComparison.Ordinal)))
        {
            return null;
        }
        foreach (Match variable in Variable().Matches(text))
        {
            var name = variable.Groups["name"].Value.Trim();
            if (name.Length == 0)
            {
                return $"“{variable.Value}” has no variable name between its braces. Use one of {KnownList}.";
            }
            if (!Known.Any(v => v.Name == name))
            {
                return $"“{variable.Value}” is not a variable this app knows. Use one of {KnownList}, or remove the braces.";
            }
        }
        // What is left once the well-formed variables are gone: any double brace is half a variable.
        var rest = Variable().Replace(text, " ");
        var open = rest.IndexOf("{{", StringComparison.Ordinal);
        var close = rest.IndexOf("}}", StringComparison.Ordinal);
        if (open >= 0 || close >= 0)
        {
            // From an opening pair onwards, or up to a closing one: the words around it, on its line.
            var snippet = open >= 0 && (close < 0 || open < close)
                ? rest[open..Math.Min(rest.Length, open + 20)].Split('\n')[0]
                : rest[Math.Max(0, close - 18)..(close + 2)].Split('\n')[^1];
            return $"“{snippet.Trim()}” is not a complete variable. Write variables as {{{{name}}}}, with two braces on each side, for example {{{{date}}}}.";
        }
        return null;
    }

    /// <summary>
    /// The prompt as sent: every known variable filled in. Anything else is left as it is (a prompt saved before
    /// variables were checked, or imported, is sent as written rather than refused).
    /// </summary>
    public string? Fill(string? text, string userName, string modelName)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }
        var now = zone.ToLocal(clock.GetUtcNow().UtcDateTime);
        return Variable().Replace(text, match => match.Groups["name"].Value.Trim() switch
        {
            "date" => now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "time" => now.ToString("HH:mm", CultureInfo.InvariantCulture),
            "weekday" => now.ToString("dddd", CultureInfo.InvariantCulture),
            "timezone" => zone.Name,
            "user_name" => userName,
            "model" => modelName,
            _ => match.Value,
        });
    }

    [GeneratedRegex(@"\{\{(?<name>[^{}]*)\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Variable();
}
