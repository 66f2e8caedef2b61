using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// Creates accounts and decides their role: the first account, or the configured admin e-mail, is Admin. The
/// registration mode (<see cref="RegistrationSettings"/>) decides whether anyone else may register, and whether their
/// account waits for an admin's approval (inactive, <see cref="AppUser.AwaitingApproval"/>) before it can be used.
/// </summary>
public sealed partial class UserRegistration(
    UserManager<AppUser> users,
    RegistrationSettings settings,
    IOptions<AccountsOptions> options,
    TimeProvider clock,
    ILogger<UserRegistration> logger)
{
    // "Is this the first account?" must be answered and acted on by one request at a time.
    private static readonly SemaphoreSlim FirstAccountGate = new(1, 1);

    public async Task<RegistrationResult> RegisterAsync(string email, string displayName, string password, CancellationToken cancellationToken)
    {
        await FirstAccountGate.WaitAsync(cancellationToken);
        try
        {
            var isFirst = !await users.Users.AnyAsync(cancellationToken);
            var isConfiguredAdmin = IsConfiguredAdmin(email);
            var mode = isFirst || isConfiguredAdmin ? RegistrationMode.Open : await settings.ModeAsync(cancellationToken);
            if (mode == RegistrationMode.Closed)
            {
                return RegistrationResult.Closed;
            }

            var user = new AppUser
            {
                UserName = email,
                Email = email,
                DisplayName = displayName.Trim(),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                IsActive = mode != RegistrationMode.Approval,
                AwaitingApproval = mode == RegistrationMode.Approval,
            };
            var created = await CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return new RegistrationResult(null, created.Errors.ToList());
            }

            var role = isFirst || isConfiguredAdmin ? Roles.Admin : Roles.User;
            await users.AddToRoleAsync(user, role);
            LogRegistered(logger, user.Id, role);
            return new RegistrationResult(user, []);
        }
        finally
        {
            FirstAccountGate.Release();
        }
    }

    /// <summary>
    /// Identity's create, which checks that the address is free and then saves. The gate above keeps one process's
    /// requests apart, but another instance on the same PostgreSQL database may register the address in between: the
    /// unique index on the normalised user name (the address, upper-cased in C# alike on both engines) refuses the
    /// second, and it is told what the check would have said.
    /// </summary>
    private async Task<IdentityResult> CreateAsync(AppUser user, string password)
    {
        try
        {
            return await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            if (await users.FindByEmailAsync(user.Email!) is null)
            {
                throw;
            }
            return IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(user.Email!));
        }
    }

    private bool IsConfiguredAdmin(string email) =>
        !string.IsNullOrEmpty(options.Value.AdminEmail)
        && string.Equals(options.Value.AdminEmail, email, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Account {UserId} registered with role {Role}")]
    private static partial void LogRegistered(ILogger logger, string userId, string role);
}

/// <summary>The new user, or the reasons it could not be created.</summary>
public sealed record RegistrationResult(AppUser? User, IReadOnlyList<IdentityError> Errors)
{
    public static readonly RegistrationResult Closed = new(null,
        [new IdentityError { Code = "RegistrationClosed", Description = "Registration is closed on this server. Ask an administrator for an account." }]);

    public bool Succeeded => User is not null;

    /// <summary>The account was created but waits for an admin's approval: it cannot sign in yet.</summary>
    public bool AwaitsApproval => User is { AwaitingApproval: true };
}
