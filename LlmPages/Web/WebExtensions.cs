using System.Text.Encodings.Web;
using System.Text.Unicode;
using LlmPages.Accounts;
using LlmPages.Api;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.WebEncoders;

namespace LlmPages.Web;

public static class WebExtensions
{
    /// <summary>Razor Pages, antiforgery for htmx, rate limits, health checks, proxies and HSTS.</summary>
    public static IHostApplicationBuilder AddWebShell(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var web = builder.Configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();
        builder.Services.AddOptions<TimeZoneOptions>().BindConfiguration(TimeZoneOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AppTimeZone>();
        builder.Services.AddHostedService<IdleMemoryRelease>();

        builder.Services.AddRouting(o => o.LowercaseUrls = true);
        // Write text as UTF-8 rather than numeric entities: smaller pages in every language.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin", AuthorizationPolicies.Admin);
        })
        .AddMvcOptions(o => o.Filters.Add<UnreadableCheckboxFilter>())
        // The server validates; no data-val-* attributes for a client library the site does not load.
        .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        builder.Services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.Infrastructure.IHttpResponseStreamWriterFactory, SmallPageWriters>());
        builder.Services.ConfigureOptions<BindingMessages>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        // htmx sends the token as a header (set once on the page wrapper); plain forms post it as a field.
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "llmpages.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = web.MaxRequestBodyBytes;
            // Name no server software, on pages and on the errors Kestrel writes itself (400, 408, 431).
            o.AddServerHeader = false;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            o.ValueLengthLimit = (int)Math.Min(int.MaxValue, web.MaxRequestBodyBytes);
            o.MultipartBodyLengthLimit = web.MaxRequestBodyBytes;
        });
        builder.Services.AddAppRateLimits();
        builder.Services.AddAppHealthChecks();

        builder.Services.AddProxyHeaders();

        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        return builder;
    }

    /// <summary>The middleware order matters: errors and status pages wrap everything that can fail.</summary>
    public static WebApplication UseWebShell(this WebApplication app)
    {
        var web = app.Configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();
        app.UseProxyHeaders(web);
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        // The API's errors are JSON, never the status pages: just inside them, before anything can refuse a request.
        app.UseOpenAiApiErrors();
        // Before anything reads a body (antiforgery, model binding), so an oversized one gets 413, not 400.
        app.UseRequestSizeLimit();

        app.UseRouting();
        app.UseAuthentication();
        app.UseTemporaryPasswordGate();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}

public static class AuthorizationPolicies
{
    public const string Admin = "Admin";
}
