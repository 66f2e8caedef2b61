namespace LlmPages.Accounts;

/// <summary>
/// While a person is signed in with a temporary password an admin set (<see cref="Data.Entities.AppUser.MustChangePassword"/>,
/// carried in the session as a claim), every request but the change-password page, logging out, the error pages and the
/// static files is sent to the change-password page: a plain redirect, so it holds without JavaScript and for every kind
/// of request (a page, a form, a reply stream). Changing the password signs the session in afresh without the claim.
/// </summary>
public static class TemporaryPasswordGate
{
    public const string ChangePasswordPath = "/profile/password";

    private static readonly string[] Allowed = [ChangePasswordPath, "/account/logout", "/account/login", "/error", "/dist", "/favicon.svg", "/health"];

    public static IApplicationBuilder UseTemporaryPasswordGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.MustChangePassword()
                && !Api.OpenAiApi.Applies(context.Request) // the API knows no sessions, only keys
                && !Allowed.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
            {
                context.Response.Redirect(ChangePasswordPath);
                return;
            }
            await next(context);
        });
}
