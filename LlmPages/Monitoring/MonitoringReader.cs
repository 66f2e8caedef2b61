using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Monitoring;

/// <summary>
/// The monitoring page's query: rows by least level, category and words (in the message or the exception), within days,
/// newest first, a page at a time. Text matches ignore case on both engines (both sides lower-cased).
/// </summary>
public sealed class MonitoringReader(AppDbContext db)
{
    public const string LevelName = "level";
    public const string CategoryName = "category";
    public const string QueryName = "q";
    public const int PageSize = 50;

    public static readonly string[] FieldNames = [LevelName, CategoryName, QueryName];

    /// <summary>The level choices, least first: each shows its level and the more severe ones.</summary>
    public static readonly (string Value, string Text)[] LevelChoices =
    [
        ("Trace", "Everything kept"), ("Debug", "Debug and worse"), ("Information", "Information and worse"),
        ("Warning", "Warnings and worse"), ("Error", "Errors and worse"), ("Critical", "Critical only"),
    ];

    public static readonly IReadOnlyDictionary<string, (IReadOnlyCollection<string> Allowed, string Message)> Choices =
        new Dictionary<string, (IReadOnlyCollection<string>, string)>
        {
            [LevelName] = (LevelChoices.Select(c => c.Value).ToArray(), "Choose a level from the list."),
        };

    public sealed record Row(
        long Id, DateTime CreatedAt, string Level, string Category, string Message, string? Exception, string? UserId, string? RequestPath, string? TraceId);

    public async Task<(IReadOnlyList<Row> Rows, Paging Paging)> ReadAsync(LogFilter filter, int? page, CancellationToken cancellationToken)
    {
        var rows = db.MonitoringLogs.AsNoTracking();
        if (filter.Text(LevelName) is { } level)
        {
            var levels = LevelChoices.SkipWhile(c => c.Value != level).Select(c => c.Value).ToList();
            rows = rows.Where(l => levels.Contains(l.Level));
        }
        if (filter.Text(CategoryName)?.ToLowerInvariant() is { } category)
        {
            rows = rows.Where(l => l.Category.ToLower().Contains(category));
        }
        if (filter.Text(QueryName)?.ToLowerInvariant() is { } words)
        {
            rows = rows.Where(l => l.Message.ToLower().Contains(words) || (l.Exception != null && l.Exception.ToLower().Contains(words)));
        }
        if (filter.FromUtc is { } from)
        {
            rows = rows.Where(l => l.CreatedAt >= from);
        }
        if (filter.BeforeUtc is { } before)
        {
            rows = rows.Where(l => l.CreatedAt < before);
        }
        var paging = Paging.For(page, await rows.CountAsync(cancellationToken), PageSize);
        var list = await rows
            .OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(l => new Row(l.Id, l.CreatedAt, l.Level, l.Category, l.Message, l.Exception, l.UserId, l.RequestPath, l.TraceId))
            .ToListAsync(cancellationToken);
        return (list, paging);
    }
}
