using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// The Nu HTML Checker (vnu, the W3C validator's engine) over many pages in one run: the JVM takes seconds to
/// start, so pages are collected first and checked together. vnu comes from the npm package <c>vnu-jar</c>
/// (<c>npm ci</c> in wwwroot-src, which test.sh runs when it is missing) and runs on Debian's
/// <c>default-jre-headless</c>. htmx's own attributes (<c>hx-*</c>) and its <c>&lt;hx-partial&gt;</c> element are
/// not HTML and are left out; every other error is reported.
/// </summary>
public static partial class HtmlChecker
{
    /// <summary>The errors in <paramref name="pages"/> (a name for each, and its HTML), as "name line N: message".</summary>
    public static async Task<List<string>> ErrorsAsync(IReadOnlyList<(string Name, string Html)> pages)
    {
        var folder = Directory.CreateTempSubdirectory("llmpages-html-");
        try
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < pages.Count; i++)
            {
                var file = Path.Combine(folder.FullName, $"{i:D3}-{Slug().Replace(pages[i].Name, "-").Trim('-')}.html");
                await File.WriteAllTextAsync(file, pages[i].Html);
                files[file] = pages[i].Name;
            }
            var report = await RunAsync([.. files.Keys]);
            using var json = JsonDocument.Parse(report);
            return [.. json.RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("type").GetString() == "error" && !IsHtmx(m.GetProperty("message").GetString()!))
                .Select(m => Describe(m, files))];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static bool IsHtmx(string message) => HtmxName().IsMatch(message);

    private static string Describe(JsonElement message, Dictionary<string, string> files)
    {
        var url = message.TryGetProperty("url", out var u) ? u.GetString() ?? "" : "";
        // vnu names a file "file:/tmp/...".
        var name = files.GetValueOrDefault(Uri.UnescapeDataString(url.StartsWith("file:", StringComparison.Ordinal) ? url[5..] : url), url);
        var line = message.TryGetProperty("lastLine", out var l) ? l.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        var extract = message.TryGetProperty("extract", out var e) ? $" [{e.GetString()?.ReplaceLineEndings(" ").Trim()}]" : "";
        return $"{name} line {line}: {message.GetProperty("message").GetString()}{extract}";
    }

    private static async Task<string> RunAsync(IReadOnlyList<string> files)
    {
        var jar = JarPath();
        var start = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-jar", jar, "--format", "json", "--errors-only", "--asciiquotes", "--no-langdetect", "--stdout", "--exit-zero-always"])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("java did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 || (await output).Trim().Length == 0)
        {
            throw new InvalidOperationException($"vnu failed (exit {process.ExitCode}): {await errors}");
        }
        return await output;
    }

    /// <summary>wwwroot-src/node_modules/vnu-jar/build/dist/vnu.jar, found from the test assembly upwards.</summary>
    private static string JarPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LlmPages.sln")))
            {
                var jar = Path.Combine(folder.FullName, "wwwroot-src", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
                return File.Exists(jar) ? jar : throw new InvalidOperationException(
                    $"{jar} is missing: run `npm ci` in wwwroot-src (./test.sh does), and install Java (default-jre-headless).");
            }
        }
        throw new InvalidOperationException("LlmPages.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>An htmx attribute (hx-post, hx-boost:inherited...) or its hx-partial element, named in a message.</summary>
    [GeneratedRegex("['\"]hx-[^'\"]*['\"]")]
    private static partial Regex HtmxName();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex Slug();
}
