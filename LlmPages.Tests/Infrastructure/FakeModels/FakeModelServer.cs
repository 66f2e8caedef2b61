using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmPages.Tests.Infrastructure.FakeModels;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) that speaks one model server's wire protocol, driven by a
/// <see cref="FakeScript"/> and recording every request. Subclasses map the protocol's routes.
/// </summary>
public abstract class FakeModelServer : IAsyncDisposable
{
    private WebApplication? app;

    public FakeScript Script { get; } = new();

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    private readonly TaskCompletionSource streamCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a stream's client hung up (the request was aborted) before the stream ended.</summary>
    public Task StreamCancelled => streamCancelled.Task;

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The base URL an admin would enter for this kind of server.</summary>
    public abstract Uri BaseUrl { get; }

    /// <summary>The last request to a path ending with <paramref name="pathEnd"/>.</summary>
    public FakeRequest LastRequest(string pathEnd) => Requests.Last(r => r.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    protected abstract void MapRoutes(WebApplication app);

    /// <summary>The protocol's error body for a status (401, 404, 429, 500...).</summary>
    protected abstract string ErrorJson(int status, string? model);

    /// <summary>The key the request carries, read the protocol's way.</summary>
    protected virtual string? ApiKeyOf(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { Length: > 7 } bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal)
            ? bearer[7..]
            : null;

    /// <param name="https">Serve HTTPS with a fresh self-signed certificate that no client trusts.</param>
    protected static async Task<T> StartAsync<T>(T server, bool https) where T : FakeModelServer
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (https)
        {
            var certificate = SelfSignedCertificate();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        }
        var app = builder.Build();
        if (!https)
        {
            app.Urls.Add("http://127.0.0.1:0");
        }
        server.MapRoutes(app);
        await app.StartAsync();
        server.app = app;
        server.Root = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    /// <summary>
    /// Records the request, then answers the scripted failures every route shares: a forced status, a wrong key,
    /// an unknown model. True when the request was answered.
    /// </summary>
    protected async Task<(bool Answered, JsonNode? Body)> RecordAndCheckAsync(HttpContext context, string? model = null, bool checkModel = false)
    {
        var request = context.Request;
        JsonNode? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        Requests.Enqueue(new FakeRequest(request.Method, request.Path + request.QueryString,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));

        model ??= body?["model"]?.GetValue<string>();
        if (Script.FailWithStatus is { } status)
        {
            if (Script.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await ErrorAsync(context, status, model);
            return (true, body);
        }
        if (Script.ExpectedApiKey is { } expected && ApiKeyOf(request) != expected)
        {
            await ErrorAsync(context, 401, model);
            return (true, body);
        }
        if (checkModel && !Script.Models.Any(m => m.Id == model))
        {
            await ErrorAsync(context, 404, model);
            return (true, body);
        }
        return (false, body);
    }

    private Task ErrorAsync(HttpContext context, int status, string? model)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(ErrorJson(status, model), context.RequestAborted);
    }

    /// <summary>Waits as scripted; <see cref="FakeScript.Forever"/> waits until the client hangs up.</summary>
    protected static Task DelayAsync(TimeSpan delay, HttpContext context) =>
        delay == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, context.RequestAborted);

    /// <summary>
    /// Sends the response headers at once, then writes one chunk per token with the scripted delays, cutting the
    /// connection or reporting an error (<see cref="WriteStreamErrorAsync"/>) where scripted.
    /// <paramref name="write"/> writes and flushes one token's chunk. False when the stream ended early: the
    /// caller then sends none of the protocol's closing events.
    /// </summary>
    protected async Task<bool> StreamTokensAsync(HttpContext context, string contentType, Func<int, string, Task> write)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        using var hangUp = context.RequestAborted.Register(() => streamCancelled.TrySetResult());
        for (var i = 0; i < Script.Tokens.Count; i++)
        {
            if (Script.DropAfterTokens == i)
            {
                // A reset makes the client drop data it has not read yet: give it a moment to read what was sent.
                await Task.Delay(100, context.RequestAborted);
                hangUp.Dispose(); // the server hangs up here, not the client
                context.Abort();
                return false;
            }
            if (Script.StreamError is { } error && error.AfterTokens == i)
            {
                await WriteStreamErrorAsync(context, error.Message);
                return false;
            }
            if (i == 0 && Script.HoldBeforeFirstToken is { } hold)
            {
                await hold.WaitAsync(context.RequestAborted);
            }
            if (i == 1 && Script.HoldAfterFirstToken is { } holdAfter)
            {
                await holdAfter.WaitAsync(context.RequestAborted);
            }
            if (i > 0 && i == Script.Tokens.Count - 1 && Script.HoldBeforeLastToken is { } holdLast)
            {
                await holdLast.WaitAsync(context.RequestAborted);
            }
            await DelayAsync(i == 0 ? Script.FirstTokenDelay : Script.TokenDelay, context);
            await write(i, Script.Tokens[i]);
        }
        if (Script.StreamError is { } late && late.AfterTokens >= Script.Tokens.Count)
        {
            await WriteStreamErrorAsync(context, late.Message);
            return false;
        }
        return true;
    }

    /// <summary>Reports an error inside a started stream the protocol's way, and whatever the server sends after it.</summary>
    protected abstract Task WriteStreamErrorAsync(HttpContext context, string message);

    protected static async Task WriteAndFlushAsync(HttpContext context, string text)
    {
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            // Stalled requests end when their client hangs up; give stragglers a moment, then cut them.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await app.StopAsync(grace.Token);
            await app.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
