using System.Text.Json;

namespace LlmPages.Api;

/// <summary>
/// An error as the OpenAI API sends it, so its clients show our message: <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
public static class OpenAiError
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string RateLimit = "rate_limit_error";
    public const string NotFound = "not_found_error";
    public const string Server = "server_error";

    public static Task WriteAsync(HttpResponse response, int status, string message, string type, string? code = null, string? param = null)
    {
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        return response.WriteAsJsonAsync(new { error = new { message, type, param, code } }, Json, "application/json; charset=utf-8");
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };
}
