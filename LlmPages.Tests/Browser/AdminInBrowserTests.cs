using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LlmPages.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AdminInBrowserTests(BrowserFixture browser) : IBrowserTest
{
    public BrowserFixture Browser => browser;

    public static TheoryData<string> AdminPages()
    {
        var data = new TheoryData<string>();
        foreach (var url in new[]
        {
            "/admin/ai-types", "/admin/ai-types/new", "/admin/ai-types/{type}/edit", "/admin/ai-types/{type}/delete",
            "/admin/providers", "/admin/providers/new", "/admin/providers/{provider}", "/admin/providers/{provider}/delete",
            "/admin/providers/{provider}/discover", "/admin/models", "/admin/models/new", "/admin/models/{model}/edit",
            "/admin/models/{model}/delete", "/admin/monitoring", "/admin/monitoring?from=31/12/2026", "/admin/audit",
            "/admin/users", "/admin/users/new", "/admin/users/registration",
            "/admin/users/{user}/edit", "/admin/users/{user}/deactivate", "/admin/users/{user}/reset-password",
            "/admin/users/{user}/delete", "/admin/users?state=pending",
            "/admin/prompts", "/admin/prompts/new", "/admin/prompts/{prompt}/edit", "/admin/prompts/{prompt}/delete",
            "/admin", "/admin/usage", "/admin/usage?from=2026-05-10&to=2026-05-01", "/admin/performance",
            "/admin/api-keys", "/admin/api-keys/{key}/revoke",
        })
        {
            data.Add(url);
        }
        return data;
    }

    /// <summary>In the light and the dark colour scheme (one sign-in for both, to keep the run short).</summary>
    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task AxeFindsNoViolationsOnTheAdminPages(string url)
    {
        var (typeId, providerId, modelId) = await EnsureCatalogueAsync();
        var promptId = await EnsurePromptAsync();
        var page = await browser.NewPageAsync();
        var errors = page.CollectErrors();
        await page.LogInAsAdminAsync();

        await page.GotoAsync(url.Replace("{type}", typeId.ToString(), StringComparison.Ordinal)
            .Replace("{prompt}", promptId.ToString(), StringComparison.Ordinal)
            .Replace("{provider}", providerId.ToString(), StringComparison.Ordinal)
            .Replace("{model}", modelId.ToString(), StringComparison.Ordinal)
            .Replace("{user}", await AdminIdAsync(), StringComparison.Ordinal)
            .Replace("{key}", (await EnsureKeyAsync()).ToString(), StringComparison.Ordinal));
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.UseColorSchemeAsync(scheme);
            await page.ReloadAsync(); // drawn afresh in this scheme
            var results = await page.AxeAsync();

            Assert.True(results.Violations.Length == 0, $"{scheme}:\n" + string.Join("\n", results.Violations.Select(v =>
                $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
        }
        // A small phone: the page never scrolls sideways (a wide table scrolls inside its own region).
        await page.SetViewportSizeAsync(320, 640);
        var overflow = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap, .subnav')).map(e => e.outerHTML.slice(0, 120))");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            $"{url} is wider than 320 px: " + string.Join("\n", overflow.Take(5)));
        Assert.Empty(errors);
    }

    /// <summary>
    /// The log pages' filters and tables as a person sees them: the date fields as tall as the other fields, and each
    /// cell's text at the top of its cell (a pre-wrapped cell showed its markup's indentation as blank lines above it).
    /// </summary>
    [Theory]
    [InlineData("/admin/monitoring")]
    [InlineData("/admin/audit")]
    public async Task TheDateFieldsMatchTheOtherFieldsAndEachCellsTextStartsAtItsTop(string url)
    {
        await EnsureCatalogueAsync();
        var page = await browser.NewPageAsync();
        await page.LogInAsAdminAsync();

        await page.GotoAsync(url);

        var lowered = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.table tbody :is(td, th)')].filter(cell => {
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT, n => n.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP);
                const text = walker.nextNode();
                if (!text) return false;
                const range = document.createRange();
                range.selectNodeContents(text);
                const top = range.getClientRects()[0].top - cell.getBoundingClientRect().top;
                return top > parseFloat(getComputedStyle(cell).paddingTop) + 6;
            }).map(cell => cell.outerHTML.slice(0, 160))
            """);
        Assert.True(lowered.Length == 0, "Cells whose text starts below blank lines:\n" + string.Join("\n", lowered.Take(5)));
        var heights = await page.EvaluateAsync<double[]>(
            "() => ['input[type=date]', 'input[type=search], input[type=text]'].map(s => document.querySelector(s).getBoundingClientRect().height)");
        Assert.True(Math.Abs(heights[0] - heights[1]) < 1, $"A date field is {heights[0]} px tall, a text field {heights[1]} px.");
    }

    [Fact]
    public async Task FormErrorsAreAccessibleAndFocusMovesToTheirSummary()
    {
        var page = await browser.NewPageAsync();
        var errors = page.CollectErrors();
        await page.LogInAsAdminAsync();

        await page.GotoAsync("/admin/models/new");
        await page.GetByLabel("Context window").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add model" }).ClickAsync();

        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#Input_ContextWindow-error")).ToContainTextAsync("at least 1 token");
        var results = await page.AxeAsync();
        Assert.True(results.Violations.Length == 0, string.Join("\n", results.Violations.Select(v => $"{v.Id}: {v.Help}")));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task DeletingAsksInADialogWithJavaScriptAndCancelKeepsTheProvider()
    {
        var page = await browser.NewPageAsync();
        await page.LogInAsAdminAsync();
        var id = await AddProviderAsync($"Dialog {Guid.NewGuid():N}");

        await page.GotoAsync($"/admin/providers/{id}/delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete provider" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("This cannot be undone.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/admin/providers/{id}/delete$"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete provider" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Deleted the provider");
    }

    /// <summary>A key of the admin's, so the keys list has a row and its revoke page something to revoke.</summary>
    private async Task<Guid> EnsureKeyAsync()
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.ApiKeys.Where(k => k.Name == "Axe key" && k.RevokedAt == null).Select(k => (Guid?)k.Id).FirstOrDefaultAsync() is { } id)
        {
            return id;
        }
        var (key, _) = await scope.ServiceProvider.GetRequiredService<LlmPages.Api.ApiKeys>().CreateAsync(await AdminIdAsync(), "Axe key", DateTime.UtcNow.AddDays(30), CancellationToken.None);
        return key.Id;
    }

    private async Task<string> AdminIdAsync()
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Users.Where(u => u.NormalizedEmail == AppFactory.AdminEmail.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
    }

    private async Task<(int TypeId, int ProviderId, int ModelId)> EnsureCatalogueAsync()
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var model = await db.AiModels.Include(m => m.Provider).FirstOrDefaultAsync(m => m.WireModelId == "axe-model");
        if (model is null)
        {
            var providerId = await AddProviderAsync("Axe provider");
            model = new AiModel { ProviderId = providerId, WireModelId = "axe-model", DisplayName = "Axe model", ContextWindow = 8192, MaxOutputTokens = 2048, InputPricePerMillion = 0.5m };
            db.AiModels.Add(model);
            await db.SaveChangesAsync();
            // Usage and an error, so the overview, usage and performance pages draw their charts and tables.
            var now = DateTime.UtcNow;
            for (var i = 0; i < 40; i++)
            {
                db.UsageLogs.Add(new UsageLog
                {
                    ModelId = model.Id,
                    CreatedAt = now.AddHours(-7 * i),
                    PromptTokens = 100 + i,
                    CompletionTokens = 50 * i,
                    Cost = 0.001m * i,
                    TimeToFirstTokenMs = 200 + (i * 37 % 500),
                    DurationMs = 2000 + i,
                    Status = i % 9 == 0 ? MessageStatus.Failed : MessageStatus.Complete,
                });
            }
            db.MonitoringLogs.Add(new MonitoringLog { Level = "Error", Category = "LlmPages.Axe", Message = "A failure <em>to read</em>", CreatedAt = now });
            await db.SaveChangesAsync();
            model = await db.AiModels.Include(m => m.Provider).SingleAsync(m => m.Id == model.Id);
            // A monitoring row with a long message and an exception (drawn folded) and one short.
            db.MonitoringLogs.Add(new MonitoringLog
            {
                Level = "Error",
                Category = "Tests.Axe",
                Message = "A long message " + string.Concat(Enumerable.Repeat("with many words ", 40)),
                Exception = "System.InvalidOperationException: for axe",
                RequestPath = "/chat",
                TraceId = "0af7651916cd43dd8448eb211c80319c",
            });
            db.MonitoringLogs.Add(new MonitoringLog { Level = "Warning", Category = "Tests.Axe", Message = "A short warning" });
            await db.SaveChangesAsync();
        }
        return (model.Provider.AiTypeId, model.ProviderId, model.Id);
    }

    /// <summary>A library prompt for the prompt pages (which the chat and settings pages then offer too).</summary>
    private async Task<int> EnsurePromptAsync()
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var prompt = await db.SystemPrompts.FirstOrDefaultAsync(p => p.Name == "Axe prompt");
        if (prompt is null)
        {
            prompt = new SystemPrompt { Name = "Axe prompt", Description = "For accessibility checks", Content = "Be brief. Today is {{date}}." };
            db.SystemPrompts.Add(prompt);
            await db.SaveChangesAsync();
        }
        return prompt.Id;
    }

    private async Task<int> AddProviderAsync(string name)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<ProviderSecrets>();
        var type = await db.AiTypes.FirstAsync(t => t.Name == "Chat");
        var provider = new AiProvider
        {
            Name = name,
            BaseUrl = "http://127.0.0.1:9/v1",
            AiTypeId = type.Id,
            ProtectedApiKey = secrets.Protect("sk-browser-test-key-1234"),
            ApiKeyHint = "1234",
        };
        db.AiProviders.Add(provider);
        await db.SaveChangesAsync();
        return provider.Id;
    }
}
