using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Data;

/// <summary>The database itself holds names unique ignoring case, on both engines, for the records without admin pages yet.</summary>
public sealed class UniqueNameTests
{
    [Theory]
    [InlineData("Work", "work")]
    [InlineData("ÄRZTE", "ärzte")]
    public async Task APersonsProjectsHaveNamesUniqueIgnoringCaseButTwoPeopleMayShareOne(string first, string second)
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();
        var (ada, bob) = (TestData.User("ada"), TestData.User("bob"));
        db.AddRange(ada, bob,
            new Project { Owner = ada, OwnerId = ada.Id, Name = first },
            new Project { Owner = bob, OwnerId = bob.Id, Name = second });
        await db.SaveChangesAsync();

        db.Add(new Project { Owner = ada, OwnerId = ada.Id, Name = second });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [InlineData("Translator", "TRANSLATOR")]
    [InlineData("Ärzte", "ärzte")]
    public async Task SavedPromptsHaveNamesUniqueIgnoringCase(string first, string second)
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();
        db.Add(new SystemPrompt { Name = first, Content = "Translate." });
        await db.SaveChangesAsync();

        db.Add(new SystemPrompt { Name = second, Content = "Translate." });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
