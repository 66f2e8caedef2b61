using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LlmPages.Web;

/// <summary>
/// Refuses a request body over <see cref="WebOptions.MaxRequestBodyBytes"/> with 413 before anything else reads
/// it. The antiforgery check used to be the first to read a form, and it takes any failure to read as a missing
/// token: a 2 MB message got a 400 page saying the form "may have expired". A body that states its length is
/// refused at once; one that does not (chunked) is read here, as the form the page would read anyway, until it
/// passes the limit.
/// </summary>
public static class RequestSizeLimit
{
    public const string Title = "Too large to send";

    /// <summary>The explanation of the limit a refused request met, for the 413 page (which runs on the same request).</summary>
    public const string ExplanationItem = "LlmPages.RequestSizeLimit.Explanation";

    /// <summary>
    /// A body up to this many times the limit is read and dropped before the answer: a server that answers and
    /// closes while the client is still sending may reset the connection before the client reads the answer.
    /// Larger ones are answered at once and the connection closed.
    /// </summary>
    private const int DrainFactor = 8;

    public static string Explanation(long limit) =>
        $"What you sent is larger than the {Format.Bytes(limit)} this server accepts, so nothing was sent or saved. " +
        "Shorten it and try again.";

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // The status page for a refusal runs through here again, on the same request.
            if (context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.MaxRequestBodyBytes;
                var explanation = Explanation(limit);
                if (HttpMethods.IsPost(context.Request.Method)
                    && context.RequestServices.GetServices<UploadLimit>().FirstOrDefault(u => context.Request.Path.Equals(u.Path, StringComparison.OrdinalIgnoreCase)) is { } upload)
                {
                    (limit, explanation) = (upload.MaxBytes, upload.Explanation);
                    AllowUpload(context, limit);
                }
                if (context.Request.ContentLength > limit)
                {
                    await DrainAsync(context, limit);
                    await RefuseAsync(context, limit, explanation);
                    return;
                }
                if (context.Request.HasFormContentType && !await FormFitsAsync(context))
                {
                    context.Response.Headers.Connection = "close";
                    await RefuseAsync(context, limit, explanation);
                    return;
                }
            }
            await next(context);
        });

    /// <summary>This request's body and form may be as large as the upload's limit (Kestrel's and the form's limits are the app's otherwise).</summary>
    private static void AllowUpload(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        var form = context.RequestServices.GetRequiredService<IOptions<FormOptions>>().Value;
        context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
        {
            ValueLengthLimit = form.ValueLengthLimit,
            MultipartBodyLengthLimit = limit,
            MemoryBufferThreshold = form.MemoryBufferThreshold,
        }));
    }

    private static async Task<bool> FormFitsAsync(HttpContext context)
    {
        try
        {
            await context.Request.ReadFormAsync(context.RequestAborted);
            return true;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or OperationCanceledException)
        {
            // A malformed form or a client that went away: whatever reads the form next meets the same failure
            // and answers as it always has.
            return true;
        }
    }

    private static async Task DrainAsync(HttpContext context, long limit)
    {
        var length = context.Request.ContentLength!.Value;
        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (length > limit * DrainFactor || size is { IsReadOnly: true })
        {
            context.Response.Headers.Connection = "close";
            return;
        }
        if (size is not null)
        {
            size.MaxRequestBodySize = length;
        }
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client went away; the answer below goes nowhere, harmlessly.
        }
    }

    /// <summary>htmx's composer post gets the reason beside the composer; anything else gets the 413 status page.</summary>
    private static Task RefuseAsync(HttpContext context, long limit, string explanation)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Items[ExplanationItem] = explanation;
        return ComposerAlert.Applies(context.Request)
            ? ComposerAlert.WriteAsync(context, Title, explanation, context.RequestAborted)
            : Task.CompletedTask;
    }
}
