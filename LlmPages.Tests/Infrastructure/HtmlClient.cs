using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// Drives the app as a browser without JavaScript would: GET pages, fill in and submit their forms (with the
/// antiforgery token the form carries), follow redirects, keep cookies. Optionally adds htmx's headers.
/// </summary>
public sealed class HtmlClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public async Task<HtmlPage> GetAsync(string url, bool htmx = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx)
        {
            AddHtmxHeaders(request, boosted: true);
        }
        return await SendAsync(request);
    }

    /// <summary>Fills the form found by <paramref name="formSelector"/> with <paramref name="values"/> and submits it.</summary>
    /// <param name="submitter">
    /// The submit button pressed, by a selector within the form: its name and value are sent, and its
    /// <c>formaction</c>/<c>formmethod</c> win, as in a browser.
    /// </param>
    public async Task<HtmlPage> SubmitAsync(
        HtmlPage page, string formSelector, IReadOnlyDictionary<string, string>? values = null, bool htmx = false, string? submitter = null)
    {
        var form = page.Document.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form matches '{formSelector}' on {page.Url}.");
        var fields = FormFields(form);
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }
        var button = submitter is null ? null
            : form.QuerySelector(submitter) ?? throw new InvalidOperationException($"No button matches '{submitter}' in '{formSelector}' on {page.Url}.");
        if (button?.GetAttribute("name") is { Length: > 0 } buttonName)
        {
            fields.Add(new(buttonName, button.GetAttribute("value") ?? ""));
        }

        var actionAttribute = button?.GetAttribute("formaction") ?? form.GetAttribute("action");
        var action = string.IsNullOrEmpty(actionAttribute) ? page.Url : new Uri(page.Url, actionAttribute);
        var method = (button?.GetAttribute("formmethod") ?? form.GetAttribute("method") ?? "get").ToUpperInvariant();
        using var request = method == "POST"
            ? new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) }
            : new HttpRequestMessage(HttpMethod.Get, new UriBuilder(action) { Query = Query(fields) }.Uri);
        if (htmx)
        {
            AddHtmxHeaders(request, boosted: true);
        }
        return await SendAsync(request);
    }

    /// <summary>A POST with exactly these fields: no token unless the caller adds one.</summary>
    public async Task<HtmlPage> PostAsync(string url, IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await SendAsync(request);
    }

    public async Task<HtmlPage> SendAsync(HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var document = await Parser.ParseDocumentAsync(html);
        return new HtmlPage(response, document, html, response.RequestMessage?.RequestUri ?? request.RequestUri!);
    }

    private static void AddHtmxHeaders(HttpRequestMessage request, bool boosted)
    {
        request.Headers.Add("HX-Request", "true");
        if (boosted)
        {
            request.Headers.Add("HX-Boosted", "true");
        }
    }

    private static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        fields.Add(new(name, input.Value));
                    }
                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button" or "reset" or "image":
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement textarea:
                    fields.Add(new(name, textarea.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
            }
        }
        return fields;
    }

    private static string Query(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    public void Dispose() => http.Dispose();
}

/// <summary>A response with its parsed HTML and the address it finally came from (after redirects).</summary>
public sealed record HtmlPage(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Document, string Html, Uri Url)
{
    public HttpStatusCode Status => Response.StatusCode;

    public string Text(string selector) =>
        Document.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches '{selector}' on {Url}.");

    public IElement? Find(string selector) => Document.QuerySelector(selector);

    public IEnumerable<IElement> FindAll(string selector) => Document.QuerySelectorAll(selector);

    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : Response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(", ", contentValues) : null;
}
