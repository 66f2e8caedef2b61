using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Admin;

/// <summary>
/// Names that must be unique are unique ignoring case (and width: "ＯｐｅｎＡＩ" is "OpenAI") on both engines, and a
/// second admin who takes a name between the form's check and the save gets the same words next to the field, not
/// an error page.
/// </summary>
public sealed class UniqueNameTests(SecondAdminAppFactory app) : IClassFixture<SecondAdminAppFactory>
{
    public static TheoryData<string, string, string> Clashes => new()
    {
        { "AI type", "OpenAI", "openai" },
        { "AI type", "ÄRZTE", "ärzte" },
        { "AI type", "ＯｐｅｎＡＩ", "OpenAI" },
        { "provider", "OpenAI", "openai" },
        { "provider", "ÄRZTE", "ärzte" },
        { "provider", "ＯｐｅｎＡＩ", "OpenAI" },
    };

    public static TheoryData<string, bool> Races => new()
    {
        { "AI type", false },
        { "AI type", true },
        { "provider", false },
        { "provider", true },
    };

    [Theory]
    [MemberData(nameof(Clashes))]
    public async Task ANameThatDiffersOnlyInCaseIsRefusedNextToTheField(string kind, string first, string second)
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (firstName, secondName) = ($"{first} {tag}", $"{second} {tag.ToUpperInvariant()}");
        await CreateAsync(admin, kind, firstName);

        var page = await CreateAsync(admin, kind, secondName);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        // The error names the record that has the name, as it is spelt.
        Assert.Contains($"A{(kind == "AI type" ? "n AI type" : " provider")} called “{firstName}” already exists. Choose another name.", page.Text("#Input_Name-error"));
        Assert.Contains("already exists", page.Text("[role=alert]"));
        Assert.Equal(secondName, page.Find("#Input_Name")!.GetAttribute("value"));
        Assert.Equal(1, await CountAsync(kind, firstName, secondName));
    }

    [Theory]
    [MemberData(nameof(Races))]
    public async Task TwoAdminsAddingTheSameNameAtOnceGetOneRecordAndOneClearRefusal(string kind, bool otherCase)
    {
        var (first, _) = await app.AdminAndUserAsync();
        var (second, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Twin");
        var secondName = otherCase ? name.ToUpperInvariant() : name;
        HtmlPage? secondPage = null;
        // The second admin's form is checked and saved after the first's was checked, before the first's is saved.
        Func<Task> secondAdds = async () => secondPage = await CreateAsync(second, kind, secondName);
        if (kind == "AI type")
        {
            app.SecondAdmin.BeforeAdding<AiType>(t => t.Name == name, secondAdds);
        }
        else
        {
            app.SecondAdmin.BeforeAdding<AiProvider>(p => p.Name == name, secondAdds);
        }

        var page = await CreateAsync(first, kind, name);

        Assert.NotNull(secondPage);
        Assert.Contains($"Added the {kind} “{secondName}”.", secondPage.Text("#flash"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("already exists. Choose another name.", page.Text("#Input_Name-error"));
        Assert.Equal(name, page.Find("#Input_Name")!.GetAttribute("value"));
        Assert.Equal(1, await CountAsync(kind, name, secondName));
    }

    [Theory]
    [InlineData("AI type")]
    [InlineData("provider")]
    public async Task RenamingToANameAnotherAdminHasJustTakenIsRefusedNextToTheField(string kind)
    {
        var (first, _) = await app.AdminAndUserAsync();
        var (second, _) = await app.AdminAndUserAsync();
        var (oldName, newName) = (AdminSteps.Unique("Before"), AdminSteps.Unique("After"));
        await CreateAsync(first, kind, oldName);
        int id;
        string edit;
        Func<Task> secondAdds = () => CreateAsync(second, kind, newName.ToUpperInvariant());
        if (kind == "AI type")
        {
            id = (await app.AiTypeAsync(oldName)).Id;
            edit = $"/admin/ai-types/{id}/edit";
            app.SecondAdmin.Before<AiType>(id, EntityState.Modified, secondAdds);
        }
        else
        {
            id = (await app.ProviderAsync(oldName)).Id;
            edit = $"/admin/providers/{id}";
            app.SecondAdmin.Before<AiProvider>(id, EntityState.Modified, secondAdds);
        }
        var form = await first.GetAsync(edit);

        var page = await first.SubmitAsync(form, "main form.form", new Dictionary<string, string> { ["Input.Name"] = newName });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(edit, page.Url.AbsolutePath);
        Assert.Contains("already exists. Choose another name.", page.Text("#Input_Name-error"));
        Assert.Equal(newName, page.Find("#Input_Name")!.GetAttribute("value"));
        // The page still names the record by the name it has.
        Assert.Contains(oldName, page.Text("h1"));
        Assert.Equal(1, await CountAsync(kind, oldName, oldName));
    }

    private static Task<HtmlPage> CreateAsync(HtmlClient admin, string kind, string name) =>
        kind == "AI type" ? admin.CreateAiTypeAsync(name) : admin.CreateProviderAsync(name);

    private Task<int> CountAsync(string kind, string name, string otherName) =>
        app.WithDbAsync(db => kind == "AI type"
            ? db.AiTypes.CountAsync(t => t.Name == name || t.Name == otherName)
            : db.AiProviders.CountAsync(p => p.Name == name || p.Name == otherName));
}
