using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Admin;

/// <summary>
/// Two admins on the same record: the one who comes second is told what happened in plain words, never shown
/// an error page, for every kind of record the admin pages edit and delete the same way.
/// </summary>
public sealed class ConcurrentAdminTests(SecondAdminAppFactory app) : IClassFixture<SecondAdminAppFactory>
{
    /// <summary>One record of a kind, with its pages and a way for the second admin to act on it.</summary>
    private sealed record Record(string Noun, int Id, string Name, string Pages, string ListPath, Func<Task> DeleteRow)
    {
        public string Edit => Pages.EndsWith("/providers", StringComparison.Ordinal) ? $"{Pages}/{Id}" : $"{Pages}/{Id}/edit";

        public string Delete => $"{Pages}/{Id}/delete";
    }

    public static TheoryData<string> Kinds => new("AI type", "provider", "model");

    private async Task<(HtmlClient Admin, Record Record)> CreateAsync(string kind)
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique(kind);
        switch (kind)
        {
            case "AI type":
                await admin.CreateAiTypeAsync(name);
                var type = await app.AiTypeAsync(name);
                return (admin, new(kind, type.Id, name, "/admin/ai-types", "/admin/ai-types",
                    () => app.WithDbAsync(db => db.AiTypes.Where(t => t.Id == type.Id).ExecuteDeleteAsync())));
            case "provider":
                await admin.CreateProviderAsync(name);
                var provider = await app.ProviderAsync(name);
                return (admin, new(kind, provider.Id, name, "/admin/providers", "/admin/providers",
                    () => app.WithDbAsync(db => db.AiProviders.Where(p => p.Id == provider.Id).ExecuteDeleteAsync())));
            default:
                var providerName = AdminSteps.Unique("Serves");
                await admin.CreateProviderAsync(providerName);
                var servedBy = await app.ProviderAsync(providerName);
                await admin.CreateModelAsync(servedBy.Id, "wire-id", name);
                var model = await app.ModelAsync(servedBy.Id, "wire-id");
                return (admin, new(kind, model.Id, name, "/admin/models", "/admin/models",
                    () => app.WithDbAsync(db => db.AiModels.Where(m => m.Id == model.Id).ExecuteDeleteAsync())));
        }
    }

    private void SecondAdminBefore(Record record, EntityState state, Func<Task> act)
    {
        switch (record.Noun)
        {
            case "AI type":
                app.SecondAdmin.Before<AiType>(record.Id, state, act);
                break;
            case "provider":
                app.SecondAdmin.Before<AiProvider>(record.Id, state, act);
                break;
            default:
                app.SecondAdmin.Before<AiModel>(record.Id, state, act);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task DeletingARecordAnotherAdminHasJustDeletedSaysItIsGone(string kind)
    {
        var (admin, record) = await CreateAsync(kind);
        var confirm = await admin.GetAsync(record.Delete);
        SecondAdminBefore(record, EntityState.Deleted, record.DeleteRow);

        var page = await admin.SubmitAsync(confirm, "main form[data-confirm]");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(record.ListPath, page.Url.AbsolutePath);
        Assert.Contains($"The {kind} “{record.Name}” was already deleted.", page.Text("#flash"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SavingARecordAnotherAdminHasJustDeletedSaysTheChangesWereNotSaved(string kind)
    {
        var (admin, record) = await CreateAsync(kind);
        var edit = await admin.GetAsync(record.Edit);
        SecondAdminBefore(record, EntityState.Modified, record.DeleteRow);

        var page = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string>
        {
            [kind == "model" ? "Input.DisplayName" : "Input.Name"] = record.Name + " (edited)",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(record.ListPath, page.Url.AbsolutePath);
        Assert.Contains($"Your changes were not saved: the {kind} “{record.Name}” was deleted in the meantime.", page.Text("#flash .alert--error"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task DeactivatingARecordAnotherAdminHasJustDeletedSaysItIsGone(string kind)
    {
        var (admin, record) = await CreateAsync(kind);
        var confirm = await admin.GetAsync(record.Delete);
        var token = confirm.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        SecondAdminBefore(record, EntityState.Modified, record.DeleteRow);

        var page = await admin.PostAsync($"{record.Delete}?handler=Deactivate", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(record.ListPath, page.Url.AbsolutePath);
        Assert.Contains($"Nothing to deactivate: the {kind} “{record.Name}” was deleted in the meantime.", page.Text("#flash .alert--error"));
    }

    [Fact]
    public async Task AnAiTypeThatGotAProviderSinceTheCheckIsNotDeletedAndTheReasonIsShown()
    {
        var (admin, record) = await CreateAsync("AI type");
        var confirm = await admin.GetAsync(record.Delete);
        SecondAdminBefore(record, EntityState.Deleted, () => app.WithDbAsync(db =>
        {
            db.AiProviders.Add(new AiProvider { Name = AdminSteps.Unique("Late"), BaseUrl = "http://127.0.0.1:9", AiTypeId = record.Id });
            return db.SaveChangesAsync();
        }));

        var page = await admin.SubmitAsync(confirm, "main form[data-confirm]");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"“{record.Name}” is used by 1 provider.", page.Text("[role=alert]"));
        Assert.NotNull(page.Find("main form[action$='handler=Deactivate']"));
        Assert.Equal(record.Name, (await app.AiTypeAsync(record.Name)).Name);
    }

    [Fact]
    public async Task AProviderThatGotAModelSinceTheCheckIsNotDeletedAndTheReasonIsShown()
    {
        var (admin, record) = await CreateAsync("provider");
        var confirm = await admin.GetAsync(record.Delete);
        SecondAdminBefore(record, EntityState.Deleted, () => app.WithDbAsync(db =>
        {
            db.AiModels.Add(new AiModel { ProviderId = record.Id, WireModelId = "late", DisplayName = "Late", ContextWindow = 8192, MaxOutputTokens = 2048 });
            return db.SaveChangesAsync();
        }));

        var page = await admin.SubmitAsync(confirm, "main form[data-confirm]");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"“{record.Name}” still has 1 model.", page.Text("[role=alert]"));
        Assert.Equal(record.Name, (await app.ProviderAsync(record.Name)).Name);
    }
}
