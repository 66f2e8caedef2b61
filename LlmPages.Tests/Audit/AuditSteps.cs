using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Audit;

/// <summary>Reads the audit log straight from the database, to check what the pages wrote.</summary>
internal static class AuditSteps
{
    public static Task<List<AuditEvent>> AuditRowsAsync(this AppFactory app, string targetType, string? targetId) =>
        app.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.TargetType == targetType && e.TargetId == targetId)
            .OrderBy(e => e.Id)
            .ToListAsync());

    public static Task<List<AuditEvent>> AllAuditRowsAsync(this AppFactory app) =>
        app.WithDbAsync(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    public static Task<string> AdminIdAsync(this AppFactory app) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Email == AppFactory.AdminEmail).Select(u => u.Id).SingleAsync());

    public static string Id(this int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
