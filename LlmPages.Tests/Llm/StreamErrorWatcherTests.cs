using System.Text;
using LlmPages.Llm;

namespace LlmPages.Tests.Llm;

/// <summary>
/// The error lines of every stream shape we know, read in pieces of every size (a line may arrive split across
/// reads), with the lines before the error passed on and normal lines left alone.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class StreamErrorWatcherTests
{
    private const string Token = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";

    public static readonly TheoryData<string, string, string?, string?> Errors = new()
    {
        // name, the error's lines, its message, its type
        { "vLLM", "data: {\"error\":{\"message\":\"Out of memory\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}\n\ndata: [DONE]\n\n", "Out of memory", "InternalServerError" },
        { "OpenRouter", "data: {\"id\":\"gen-1\",\"error\":{\"code\":502,\"message\":\"Provider disconnected\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n", "Provider disconnected", "502" },
        { "older vLLM", "data: {\"object\":\"error\",\"message\":\"Out of memory\",\"type\":\"InternalServerError\",\"code\":500}\n\n", "Out of memory", "InternalServerError" },
        { "Anthropic", "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", "Overloaded", "overloaded_error" },
        { "llama.cpp", "error: {\"code\":500,\"message\":\"context overflow\",\"type\":\"server_error\"}\n\n", "context overflow", "server_error" },
        { "a named event in plain text", "event: error\ndata: Service overloaded\n\n", "Service overloaded", null },
        { "Ollama", "{\"error\":\"model runner has unexpectedly stopped\"}\n", "model runner has unexpectedly stopped", null },
        { "Ollama without a last newline", "{\"error\":\"boom\"}", "boom", null },
        { "Windows line ends", "data: {\"error\":{\"message\":\"Overloaded\"}}\r\n\r\n", "Overloaded", null },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task AnErrorLineEndsTheBodyAfterTheWholeLinesBeforeIt(string name, string errorLines, string? message, string? type)
    {
        foreach (var readSize in new[] { 1, 7, 64, 4096 })
        {
            var (passed, error, reports) = await ReadAsync(Token + Token + errorLines, readSize);

            var context = $"{name}, reads of {readSize}";
            Assert.True(error is not null, context);
            Assert.Equal((message, type), (error!.ServerMessage, error.ErrorType));
            Assert.Equal(1, reports);
            // Both tokens whole; of the error line at most its start, never the line end that would complete it.
            Assert.StartsWith(Token + Token, passed, StringComparison.Ordinal);
            var rest = passed[(Token + Token).Length..];
            var errorLineStart = errorLines.StartsWith("event:", StringComparison.Ordinal) ? errorLines.IndexOf('\n', StringComparison.Ordinal) + 1 : 0;
            var errorLineEnd = errorLines.IndexOf('\n', errorLineStart);
            Assert.True(errorLines.StartsWith(rest, StringComparison.Ordinal) && rest.Length <= (errorLineEnd < 0 ? errorLines.Length : errorLineEnd),
                $"{context}: passed on {rest}");
        }
    }

    [Fact]
    public async Task AnErrorAsTheFirstLineFailsTheFirstRead()
    {
        var (passed, error, _) = await ReadAsync("{\"error\":\"out of memory\"}\n", 4096);

        Assert.Equal("", passed);
        Assert.Equal("out of memory", error?.ServerMessage);
    }

    [Theory]
    [InlineData("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"error\"}}]}\n\n")]
    [InlineData("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"an \\\"error\\\" here\"}}]}\n\n")]
    [InlineData("data: {\"error\":null,\"choices\":[]}\n\n")]
    [InlineData("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"error\"}}\n\n")]
    [InlineData("{\"message\":{\"role\":\"assistant\",\"content\":\"error\"},\"done\":false}\n")]
    [InlineData("data: [DONE]\n\n")]
    public async Task NormalLinesPassUntouchedEvenWhenTheyTalkAboutErrors(string lines)
    {
        foreach (var readSize in new[] { 1, 5, 4096 })
        {
            var (passed, error, reports) = await ReadAsync(Token + lines + Token, readSize);

            Assert.Null(error);
            Assert.Equal(0, reports);
            Assert.Equal(Token + lines + Token, passed);
        }
    }

    [Fact]
    public async Task AnOverlongLineIsPassedOnAndTheLinesAfterItAreStillWatched()
    {
        var huge = "data: {\"choices\":[{\"delta\":{\"content\":\"" + new string('a', 100_000) + "\"}}]}\n\n";

        var (passed, error, _) = await ReadAsync(huge + "data: {\"error\":{\"message\":\"late\"}}\n\n", 4096);

        Assert.StartsWith(huge, passed, StringComparison.Ordinal);
        Assert.Equal("late", error?.ServerMessage);
    }

    /// <summary>Reads the body through the watcher in reads of <paramref name="readSize"/> bytes, as an SDK would.</summary>
    private static async Task<(string Passed, ProviderStreamException? Error, int Reports)> ReadAsync(string body, int readSize)
    {
        var reports = 0;
        await using var watcher = new StreamErrorWatcher(new MemoryStream(Encoding.UTF8.GetBytes(body)), _ => reports++);
        var passed = new MemoryStream();
        var buffer = new byte[readSize];
        try
        {
            int read;
            while ((read = await watcher.ReadAsync(buffer)) > 0)
            {
                passed.Write(buffer, 0, read);
            }
            return (Encoding.UTF8.GetString(passed.ToArray()), null, reports);
        }
        catch (ProviderStreamException e)
        {
            // Once found, the error is what every later read gets.
            await Assert.ThrowsAsync<ProviderStreamException>(async () => _ = await watcher.ReadAsync(buffer));
            return (Encoding.UTF8.GetString(passed.ToArray()), e, reports);
        }
    }
}
