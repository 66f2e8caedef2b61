using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmPages.Tests.Infrastructure.FakeModels;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers every request with a redirect (307 by default, which keeps the
/// method and body): a model server that moved, or one that tries to send the app's requests, and their API
/// keys, somewhere else.
/// </summary>
public sealed class FakeRedirector : IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The path and query of every request it answered.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <param name="target">
    /// Where requests go: with <paramref name="appendPath"/>, a root under which the request's own path and query
    /// are kept; otherwise exactly this address.
    /// </param>
    /// <param name="withLocation">False for a broken server that redirects without saying where to.</param>
    public static async Task<FakeRedirector> StartAsync(
        Uri target, int status = StatusCodes.Status307TemporaryRedirect, bool appendPath = true, bool withLocation = true)
    {
        var redirector = new FakeRedirector();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.Run(context =>
        {
            var pathAndQuery = context.Request.Path + context.Request.QueryString;
            redirector.Requests.Enqueue(pathAndQuery);
            context.Response.StatusCode = status;
            if (!withLocation)
            {
                return Task.CompletedTask;
            }
            context.Response.Headers.Location = appendPath
                ? new Uri(new Uri(target.AbsoluteUri.TrimEnd('/') + "/"), pathAndQuery.TrimStart('/')).AbsoluteUri
                : target.AbsoluteUri;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        redirector.app = app;
        redirector.Root = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return redirector;
    }

    /// <summary>The address an admin would enter to reach <paramref name="server"/> through this redirector.</summary>
    public Uri BaseUrlFor(FakeModelServer server) => new(Root, server.BaseUrl.PathAndQuery.TrimStart('/'));

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
