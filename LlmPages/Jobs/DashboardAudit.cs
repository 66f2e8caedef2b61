using LlmPages.Admin.Audit;

namespace LlmPages.Jobs;

/// <summary>
/// Writes what an admin does on the jobs dashboard (trigger a recurring job now, requeue or delete jobs) to the audit
/// log. Hangfire's dashboard is its own middleware with no seam for this, so every POST under
/// <see cref="JobsExtensions.DashboardPath"/> that Hangfire accepts is recorded as <c>job.&lt;command&gt;</c>
/// (<c>job.recurring-trigger</c>, <c>job.requeue</c>) with the job ids it named. It runs after authorization: only
/// admins get here.
/// </summary>
internal static class DashboardAudit
{
    public static WebApplication UseDashboardAudit(this WebApplication app)
    {
        app.UseWhen(
            context => HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(JobsExtensions.DashboardPath),
            branch => branch.Use(async (context, next) =>
            {
                // Read before Hangfire does; the form is kept for it.
                var ids = context.Request.HasFormContentType
                    ? string.Join(", ", (await context.Request.ReadFormAsync(context.RequestAborted))["jobs[]"].ToArray())
                    : "";
                await next(context);
                if (context.Response.StatusCode < 400)
                {
                    var command = context.Request.Path.Value![JobsExtensions.DashboardPath.Length..].Trim('/')
                        .Replace("jobs/actions/", "", StringComparison.Ordinal).Replace('/', '-');
                    await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
                        $"job.{command}", "Job", ids.Length == 0 ? null : ids[..Math.Min(ids.Length, 100)],
                        ids.Length == 0 ? null : $"Jobs: {ids}", cancellationToken: CancellationToken.None);
                }
            }));
        return app;
    }
}
