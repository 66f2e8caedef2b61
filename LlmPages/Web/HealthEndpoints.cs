using LlmPages.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmPages.Web;

/// <summary><c>GET /healthz</c>: 200 when the database answers a real query, 503 when it does not.</summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddAppHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, customTestQuery:
                // Reading the migrations table proves the file is a readable, migrated database, not just openable.
                async (db, ct) => await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__EFMigrationsHistory\"").SingleAsync(ct) >= 0);
        return services;
    }

    public static IEndpointRouteBuilder MapAppHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = static (context, report) =>
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.Headers.CacheControl = "no-store";
                var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}");
                return context.Response.WriteAsync($"{report.Status}\n{string.Join('\n', lines)}\n");
            },
        }).DisableRateLimiting();
        return endpoints;
    }
}
