namespace LlmPages.Api.Keys;

/// <summary>The API's base URL as the key pages show it: the scheme and host the browser used (after <c>ProxyHeaders</c>), and /v1.</summary>
public static class ApiAddress
{
    public const string Path = "/v1";

    public static string Of(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Path}";
}
