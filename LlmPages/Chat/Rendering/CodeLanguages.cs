using System.Collections.Frozen;
using ColorCode;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// The fence languages we recognise: the names models actually write (js, ts, cs, py, sh...) mapped to one
/// class name each and, where ColorCode knows the language, to its highlighter. Anything else is plain text
/// without a class, so a fence's info string never reaches the page.
/// </summary>
internal static class CodeLanguages
{
    public sealed record CodeLanguage(string ClassName, ILanguage? Highlighter);

    private static readonly FrozenDictionary<string, CodeLanguage> ByAlias = Build();

    /// <summary>Every class this map can put on a code element, for the sanitizer's allow-list.</summary>
    public static IEnumerable<string> ClassNames => ByAlias.Values.Select(l => l.ClassName).Distinct();

    public static CodeLanguage? Find(string? info)
    {
        if (string.IsNullOrWhiteSpace(info))
        {
            return null;
        }
        return ByAlias.GetValueOrDefault(info.Trim().ToLowerInvariant());
    }

    private static FrozenDictionary<string, CodeLanguage> Build()
    {
        var map = new Dictionary<string, CodeLanguage>(StringComparer.Ordinal);
        void Add(string className, ILanguage? highlighter, params string[] aliases)
        {
            var language = new CodeLanguage("language-" + className, highlighter);
            foreach (var alias in aliases.Append(className))
            {
                map[alias] = language;
            }
        }

        Add("csharp", Languages.CSharp, "cs", "c#");
        Add("javascript", Languages.JavaScript, "js", "jsx", "mjs", "cjs", "node");
        Add("typescript", Languages.Typescript, "ts", "tsx");
        Add("python", Languages.Python, "py", "python3");
        Add("html", Languages.Html, "htm", "xhtml");
        Add("xml", Languages.Xml, "xaml", "csproj", "svg", "xsl", "xslt");
        Add("json", Languages.FindById("json"), "jsonc");
        Add("sql", Languages.Sql, "tsql", "mysql", "postgresql", "postgres", "sqlite", "plsql");
        Add("css", Languages.Css);
        Add("cpp", Languages.Cpp, "c++", "c", "h", "hpp", "cc", "cxx");
        Add("java", Languages.Java);
        Add("php", Languages.Php);
        Add("powershell", Languages.PowerShell, "ps", "ps1", "pwsh");
        Add("vbnet", Languages.VbDotNet, "vb", "vb.net");
        Add("fsharp", Languages.FSharp, "fs", "f#");
        Add("haskell", Languages.Haskell, "hs");
        Add("markdown", Languages.Markdown, "md");
        Add("fortran", Languages.Fortran, "f90");
        Add("matlab", Languages.MATLAB);
        // Known, but ColorCode has no grammar for them: a class for styling, plain text inside.
        Add("shell", null, "sh", "bash", "zsh", "console", "shell-session");
        Add("text", null, "txt", "plain", "plaintext");
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
