using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LlmPages.Bench;

/// <summary>
/// A large import and the export of what it brought, through the pages and the job server of the app as it ships: a
/// ChatGPT <c>conversations.json</c> of about <see cref="FileMegabytes"/> MB uploaded, imported, exported and downloaded.
/// Each part is timed from the request to the job's end (the download: to its last byte), and the app's resident memory
/// is sampled every 50 ms: the peak over the level just before the part began is what the part held.
/// </summary>
public static class TransferBench
{
    private const int FileMegabytes = 50;

    public static async Task<List<(string Measure, string Result, string Target)>> MeasureAsync(TokenServer model, string appDll, string databaseName)
    {
        var file = Path.Combine(Path.GetTempPath(), $"llmpages-bench-import-{Guid.NewGuid():N}.json");
        try
        {
            var chats = WriteChatGptExport(file, FileMegabytes * 1024L * 1024);
            await using var database = await BenchDatabase.CreateForRunAsync(databaseName);
            await using var app = await AppProcess.StartAsync(appDll, model.BaseUrl, database, asDeployed: true);
            using var client = new AppClient(app.Address);
            await client.LogInAsync();
            var size = new FileInfo(file).Length;

            var import = await WhileSamplingAsync(app, async () =>
            {
                using var body = new MultipartFormDataContent { { new StringContent(await client.FormTokenAsync("/import")), "__RequestVerificationToken" } };
                var content = new StreamContent(File.OpenRead(file));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                body.Add(content, "Input.File", "conversations.json");
                using var response = await client.Http.PostAsync("/import", body);
                response.EnsureSuccessStatusCode();
                await WaitForAsync(client, response.RequestMessage!.RequestUri!.AbsolutePath, "Imported");
            });

            var exportUrl = "";
            var export = await WhileSamplingAsync(app, async () =>
            {
                using var response = await client.Http.PostAsync("/export", new FormUrlEncodedContent(
                    new Dictionary<string, string> { ["__RequestVerificationToken"] = await client.FormTokenAsync("/export") }));
                response.EnsureSuccessStatusCode();
                exportUrl = response.RequestMessage!.RequestUri!.AbsolutePath;
                await WaitForAsync(client, exportUrl, "Your export is ready");
            });

            long downloaded = 0;
            var download = await WhileSamplingAsync(app, async () =>
            {
                using var response = await client.Http.GetAsync($"{exportUrl}/download", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync();
                var buffer = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    downloaded += read;
                }
            });

            var target = "";
            return
            [
                ($"Import of a {Megabytes(size)} ChatGPT file ({chats:N0} chats, {database.DisplayName}): upload to done, peak resident memory over before", Row(import), target),
                ($"Export of those chats ({database.DisplayName}): request to ready, peak resident memory over before", Row(export), target),
                ($"Download of the {Megabytes(downloaded)} export: time, peak resident memory over before", Row(download), target),
            ];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Row((TimeSpan Time, long Before, long Peak) part) =>
        $"{part.Time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, +{Megabytes(part.Peak - part.Before)} (peak {Megabytes(part.Peak)})";

    private static string Megabytes(long bytes) => $"{(bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture)} MB";

    private static async Task<(TimeSpan Time, long Before, long Peak)> WhileSamplingAsync(AppProcess app, Func<Task> part)
    {
        var before = app.WorkingSet;
        var peak = before;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, app.WorkingSet);
                await Task.Delay(50);
            }
        });
        var clock = Stopwatch.StartNew();
        await part();
        var time = clock.Elapsed;
        await done.CancelAsync();
        await sampler;
        return (time, before, Math.Max(peak, app.WorkingSet));
    }

    /// <summary>Reloads a progress page until it says <paramref name="words"/> (or that it failed).</summary>
    private static async Task WaitForAsync(AppClient client, string url, string words)
    {
        while (true)
        {
            var page = await client.Http.GetStringAsync(url);
            if (page.Contains(words, StringComparison.Ordinal))
            {
                return;
            }
            if (page.Contains("role=\"alert\"", StringComparison.Ordinal) && page.Contains("could not", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{url} failed.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A ChatGPT export of chats of ten messages of about 1 KB each, up to <paramref name="bytes"/>; returns how many chats.</summary>
    private static int WriteChatGptExport(string path, long bytes)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        var text = string.Concat(Enumerable.Repeat("A sentence of an imported chat, with some words in it. ", 18));
        var chats = 0;
        json.WriteStartArray();
        while (stream.Position + json.BytesPending < bytes)
        {
            var start = 1_717_243_200.0 + chats * 3600;
            json.WriteStartObject();
            json.WriteString("title", $"Imported chat {chats}");
            json.WriteNumber("create_time", start);
            json.WriteNumber("update_time", start + 600);
            json.WriteStartObject("mapping");
            json.WriteStartObject("client-created-root");
            json.WriteString("id", "client-created-root");
            json.WriteNull("message");
            json.WriteNull("parent");
            json.WriteStartArray("children");
            json.WriteStringValue("m0");
            json.WriteEndArray();
            json.WriteEndObject();
            for (var m = 0; m < 10; m++)
            {
                json.WriteStartObject($"m{m}");
                json.WriteString("id", $"m{m}");
                json.WriteStartObject("message");
                json.WriteString("id", $"m{m}");
                json.WriteStartObject("author");
                json.WriteString("role", m % 2 == 0 ? "user" : "assistant");
                json.WriteEndObject();
                json.WriteStartObject("content");
                json.WriteString("content_type", "text");
                json.WriteStartArray("parts");
                json.WriteStringValue($"{m}: {text}");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteNumber("create_time", start + m);
                json.WriteString("recipient", "all");
                json.WriteStartObject("metadata");
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteString("parent", m == 0 ? "client-created-root" : $"m{m - 1}");
                json.WriteStartArray("children");
                if (m < 9)
                {
                    json.WriteStringValue($"m{m + 1}");
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteString("current_node", "m9");
            json.WriteEndObject();
            json.Flush();
            chats++;
        }
        json.WriteEndArray();
        return chats;
    }
}
