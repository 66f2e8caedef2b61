namespace LlmPages.Web;

/// <summary>
/// A form that takes a file larger than <see cref="WebOptions.MaxRequestBodyBytes"/> allows (the import). A POST to
/// <see cref="Path"/> may be up to <see cref="MaxBytes"/>; its form is read with that limit and files in it are
/// buffered on disk, not in memory (ASP.NET keeps a form's files in memory only up to 64 KB). Every other request
/// keeps the app's limit. Registered as a service; <see cref="RequestSizeLimit"/> applies it.
/// </summary>
public sealed record UploadLimit(PathString Path, long MaxBytes, string Explanation);
