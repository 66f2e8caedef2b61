using System.Collections.Concurrent;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// Identity's sign-in manager, changed so that guessing passwords gets no further than the lockout allows and
/// nobody learns from the sign-in form who has an account:
/// <list type="bullet">
/// <item>each attempt takes its place in the account's count before its password is checked (<see cref="SignInAttempts"/>);</item>
/// <item>an address without an account, and a locked account, cost the same work as a wrong password (the counting
/// statement and the password hashing), so the answer takes as long (Identity answered an unknown address 30
/// times sooner);</item>
/// <item>while an account is locked its password is not checked at all (saying "locked" to the right password only
/// would tell a guesser when they had it), and a deactivated account says so only after its right password.</item>
/// </list>
/// </summary>
public sealed partial class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    SignInAttempts attempts,
    IOptions<PasswordHasherOptions> hashing,
    AppMetrics metrics)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly AppUser NoOne = new() { DisplayName = "" };
    // Made once per hashing cost: the tests run apps with different costs in one process.
    private static readonly ConcurrentDictionary<int, string> NoOnesHashes = new();

    public override async Task<bool> CanSignInAsync(AppUser user) =>
        user.IsActive && await base.CanSignInAsync(user);

    /// <summary>Signs in with an e-mail address and password; the user is null when the address has no account.</summary>
    public async Task<(SignInResult Result, AppUser? User)> PasswordSignInByEmailAsync(string email, string password, bool isPersistent)
    {
        var user = await UserManager.FindByEmailAsync(email);
        if (user is null)
        {
            await RefuseNoOneAsync(password);
            metrics.SignIn(SignInOutcome(SignInResult.Failed));
            return (SignInResult.Failed, null);
        }
        var result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
        metrics.SignIn(SignInOutcome(result));
        return (result, user);
    }

    /// <summary>The metric's label of a sign-in's result (an unknown address and a wrong password alike: <c>failed</c>).</summary>
    private static string SignInOutcome(SignInResult result) =>
        result.Succeeded ? "succeeded" : result.IsLockedOut ? "locked_out" : result.IsNotAllowed ? "not_allowed"
        : result.RequiresTwoFactor ? "requires_two_factor" : "failed";

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            await RefuseNoOneAsync(password);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        var counted = lockoutOnFailure && UserManager.SupportsUserLockout && await UserManager.GetLockoutEnabledAsync(user);
        var claim = counted ? await attempts.ClaimAsync(user)
            : await IsLockedOut(user) ? AttemptClaim.Refused : AttemptClaim.Counted;
        if (claim == AttemptClaim.Refused)
        {
            HashAnyway(password);
            LogRefusedWhileLocked(Logger, user.Id);
            return SignInResult.LockedOut;
        }

        if (!await UserManager.CheckPasswordAsync(user, password))
        {
            LogWrongPassword(Logger, user.Id);
            if (claim == AttemptClaim.CountedLast)
            {
                LogLockedOut(Logger, user.Id, Options.Lockout.MaxFailedAccessAttempts);
                return SignInResult.LockedOut;
            }
            return SignInResult.Failed;
        }

        if (counted)
        {
            await attempts.ResetAsync(user);
        }
        return await CanSignInAsync(user) ? SignInResult.Success : SignInResult.NotAllowed;
    }

    /// <summary>An address without an account: the work of a wrong password (a claim that matches no row, a hash), no more.</summary>
    private async Task RefuseNoOneAsync(string password)
    {
        await attempts.ClaimAsync(null);
        HashAnyway(password);
    }

    /// <summary>
    /// Compares the password with a hash no account has, made by the same hasher with the same iterations, so that
    /// an answer that needs no real check takes as long as one that does.
    /// </summary>
    private void HashAnyway(string password)
    {
        var hash = NoOnesHashes.GetOrAdd(hashing.Value.IterationCount, _ => UserManager.PasswordHasher.HashPassword(NoOne, Guid.NewGuid().ToString()));
        UserManager.PasswordHasher.VerifyHashedPassword(NoOne, hash, password);
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "User {UserId} is locked out after {Attempts} failed sign-ins")]
    private static partial void LogLockedOut(ILogger logger, string userId, int attempts);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Wrong password for user {UserId}")]
    private static partial void LogWrongPassword(ILogger logger, string userId);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Sign-in to user {UserId} refused unchecked: the account is locked")]
    private static partial void LogRefusedWhileLocked(ILogger logger, string userId);
}
