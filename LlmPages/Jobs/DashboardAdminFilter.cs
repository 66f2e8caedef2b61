using Hangfire.Dashboard;
using LlmPages.Accounts;

namespace LlmPages.Jobs;

/// <summary>
/// The jobs dashboard is for admins. The endpoint also requires the Admin policy, so visitors are sent to log
/// in and users get the app's 403 page before Hangfire runs; this filter is the second wall.
/// </summary>
internal sealed class DashboardAdminFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.IsInRole(Roles.Admin);
}
