using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// At start-up: makes sure both roles exist, and that the admin named in configuration (if any) exists and is
/// an Admin, so a headless deployment can be administered without registering through the UI.
/// </summary>
internal sealed partial class AccountsBootstrap(
    IServiceScopeFactory scopes,
    IOptions<AccountsOptions> options,
    TimeProvider clock,
    ILogger<AccountsBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var (email, password) = (options.Value.AdminEmail, options.Value.AdminPassword);
        if (string.IsNullOrEmpty(email))
        {
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = await users.FindByEmailAsync(email);
        if (admin is null && !string.IsNullOrEmpty(password))
        {
            admin = new AppUser { UserName = email, Email = email, DisplayName = "Administrator", CreatedAt = clock.GetUtcNow().UtcDateTime };
            var created = await users.CreateAsync(admin, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("The admin account from configuration could not be created: "
                    + string.Join(" ", created.Errors.Select(e => e.Description)));
            }
            LogAdminCreated(logger, email);
        }

        if (admin is not null && !await users.IsInRoleAsync(admin, Roles.Admin))
        {
            await users.AddToRoleAsync(admin, Roles.Admin);
            // Sessions carry their roles: a new stamp makes the person sign in again to get the new one.
            await users.UpdateSecurityStampAsync(admin);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Created the admin account {Email} from configuration")]
    private static partial void LogAdminCreated(ILogger logger, string email);
}
