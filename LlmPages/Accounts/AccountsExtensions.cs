using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

public static class AccountsExtensions
{
    /// <summary>OWASP's 2023 floor for PBKDF2-HMAC-SHA512, which Identity's V3 hash format uses.</summary>
    public const int PasswordHashIterations = 210_000;

    /// <summary>Identity with our roles, password, lockout and cookie/session policy.</summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountsOptions>()
            .BindConfiguration(AccountsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.AdminPassword) || !string.IsNullOrEmpty(o.AdminEmail),
                "LlmPages:Accounts:AdminPassword is set but AdminEmail is not: say which account it belongs to.")
            .Validate(o => o.Registration is null || o.AllowRegistration is null,
                "LlmPages:Accounts:Registration and AllowRegistration are both set: keep only Registration (Open, Approval or Closed).")
            .ValidateOnStart();

        builder.Services.TryAddTimeProvider();
        builder.Services
            .AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        // PasswordPolicy is the only password rule: Identity's validator (composition rules) is removed.
        builder.Services.RemoveAll<IPasswordValidator<AppUser>>();
        builder.Services.AddSingleton<IPasswordValidator<AppUser>, PasswordPolicy>();

        builder.Services.AddOptions<IdentityOptions>().Configure<IOptions<AccountsOptions>>((identity, accounts) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
        });
        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordHashIterations);

        // Each sign-in is a server-side session that logging out revokes; a changed security stamp (password change,
        // deactivation, role change) ends every session of that person at once.
        builder.Services.AddSingleton<SessionGuard>();
        builder.Services.AddScoped<SessionRegistry>();
        builder.Services.AddSingleton<SessionCookieEvents>();

        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AccountsOptions>>((cookie, options) =>
            {
                cookie.Cookie.Name = "llmpages.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = options.Value.IdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/account/login";
                cookie.LogoutPath = "/account/logout";
                cookie.AccessDeniedPath = "/error/403";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.EventsType = typeof(SessionCookieEvents);
            });

        builder.Services.AddScoped<SignInAttempts>();
        builder.Services.AddScoped<UserRegistration>();
        builder.Services.AddScoped<RegistrationSettings>();
        builder.Services.AddHostedService<AccountsBootstrap>();
        return builder;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
