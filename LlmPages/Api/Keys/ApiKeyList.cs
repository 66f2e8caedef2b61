using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Api.Keys;

/// <summary>
/// The admin's list of every key, newest first, a page at a time, with its owner: searched by the owner's name or e-mail,
/// the key's name or its prefix (ignoring case on both engines).
/// </summary>
public sealed class ApiKeyList(AppDbContext db)
{
    public sealed record Row(ApiKey Key, string OwnerName, string OwnerEmail);

    public async Task<(IReadOnlyList<Row> Rows, Paging Paging)> FindAsync(string? search, int? page, CancellationToken cancellationToken)
    {
        var keys = db.ApiKeys.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // PostgreSQL cannot take NUL, even as a parameter: it is searched for as stored (U+FFFD).
            var upper = StoredText.Clean(search)!.Trim().ToUpperInvariant();
            keys = keys.Where(k => k.User.NormalizedEmail!.Contains(upper) || k.User.DisplayName.ToUpper().Contains(upper)
                || k.Name.ToUpper().Contains(upper) || k.Prefix.ToUpper().Contains(upper));
        }
        var paging = Paging.For(page, await keys.CountAsync(cancellationToken));
        var rows = await keys
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(k => new Row(k, k.User.DisplayName, k.User.Email!))
            .ToListAsync(cancellationToken);
        return (rows, paging);
    }

    /// <summary>Any person's key, for the admin's revoke page; null when there is none.</summary>
    public Task<Row?> FindAsync(Guid keyId, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId)
            .Select(k => new Row(k, k.User.DisplayName, k.User.Email!))
            .FirstOrDefaultAsync(cancellationToken);
}
