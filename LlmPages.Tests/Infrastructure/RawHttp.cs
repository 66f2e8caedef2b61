using System.Net.Sockets;
using System.Text;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// Speaks HTTP/1.1 over a bare TCP connection, for the requests no HttpClient will send (a malformed request line,
/// oversized headers, a body larger than it says) and for reading exactly what the server wrote back.
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line that ends them), then
    /// <paramref name="bodyBytes"/> bytes of body, and reads the answer until the server closes the connection.
    /// </summary>
    public static async Task<RawResponse> SendAsync(Uri server, string head, int bodyBytes = 0, string? body = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.TrimEnd('\r', '\n') + "\r\n\r\n"), timeout.Token);
        try
        {
            if (body is not null)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(body), timeout.Token);
            }
            else if (bodyBytes > 0)
            {
                await stream.WriteAsync(new byte[bodyBytes], timeout.Token);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before reading a body it refuses; its answer is still there to read.
        }

        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the answer: keep what arrived.
        }
        return RawResponse.Parse(Encoding.UTF8.GetString(received.ToArray()));
    }
}

/// <summary>What the server wrote: status, headers (names case-insensitive) and body, undecoded.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body, string Text)
{
    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public static RawResponse Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"No complete response: '{text}'");
        }
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
        return new RawResponse(status, headers, text[(end + 4)..], text);
    }
}
