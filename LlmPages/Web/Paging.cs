namespace LlmPages.Web;

/// <summary>
/// One page of a list: <c>?page=N</c> in the query string, so it works as plain links. A page number out of
/// range shows the nearest real page rather than an error.
/// </summary>
public sealed record Paging(int Page, int PageSize, int TotalCount)
{
    public const int DefaultPageSize = 25;

    public int TotalPages => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    /// <summary>How many rows come before this page.</summary>
    public int Skip => (Page - 1) * PageSize;

    /// <summary>
    /// The <c>?page=N</c> of a request. Read from the query string itself: in Razor Pages "page" is also the route
    /// value naming the page, which model binding would find first.
    /// </summary>
    public static int? RequestedPage(HttpRequest request) =>
        int.TryParse(request.Query["page"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) ? page : null;

    public static Paging For(int? requestedPage, int totalCount, int pageSize = DefaultPageSize)
    {
        var last = Math.Max(1, (totalCount + pageSize - 1) / pageSize);
        return new Paging(Math.Clamp(requestedPage ?? 1, 1, last), pageSize, totalCount);
    }
}

/// <summary>What Pages/Shared/_Pagination.cshtml needs: the paging and how to link to page N.</summary>
public sealed record PaginationLinks(Paging Paging, Func<int, string> Url, string Label = "Pages");
