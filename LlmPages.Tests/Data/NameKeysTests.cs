using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LlmPages.Tests.Data;

/// <summary>
/// The key the app compares and sorts names by: what counts as one name, and that rows written before keys existed
/// get the same keys at start-up on both engines, the later of two names that are now one being renamed.
/// </summary>
public sealed class NameKeysTests
{
    [Theory]
    [InlineData("OpenAI", "openai")]
    [InlineData("ÄRZTE", "ärzte")]
    [InlineData("A\u0308rzte", "ärzte")] // A and a combining diaeresis: the same letter as Ä
    [InlineData("ＯｐｅｎＡＩ", "openai")] // full-width letters
    [InlineData("  Open \t\u00A0 AI ", "open ai")]
    [InlineData("GROẞ", "groß")]
    [InlineData("Straße", "straße")] // ß is not "ss": simple case folding
    [InlineData("ΟΔΟΣ", "οδοσ")]
    [InlineData("a\0b", "a\uFFFDb")] // stored as both engines can store it
    public void ANamesKeyIsItsCaseFoldedCompatibilityForm(string name, string key) =>
        Assert.Equal(key, NameKeys.Of(name));

    [Fact]
    public void AKeyIsCutToItsColumnWithoutSplittingACharacter()
    {
        var name = new string('a', NameKeys.MaxLength - 1) + "\U0001F600"; // an emoji: two UTF-16 units

        Assert.Equal(new string('a', NameKeys.MaxLength - 1), NameKeys.Of(name));
    }

    [Fact]
    public async Task RowsFromBeforeKeysGetTheAppsOwnKeysAtStartUpAndLaterTwinsAreRenamed()
    {
        await using var host = TestDataHost.Create();
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using (var old = host.NewContext())
        {
            // The database as the release before keys left it, with names that SQLite let an admin save side by side.
            var migrations = old.Database.GetMigrations().ToList();
            await old.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_NameKeys", StringComparison.Ordinal)) - 1]);
            foreach (var (name, at) in new[] { ("ärzte", t0.AddDays(1)), ("Ärzte", t0), ("ÄRZTE", t0.AddDays(2)), ("Ｌｏｃａｌ", t0) })
            {
                await old.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"AiTypes\" (\"Name\", \"IsActive\", \"CreatedAt\") VALUES ({0}, TRUE, {1})", name, at);
            }
        }

        await host.Host.MigrateDatabaseAsync();

        using var db = host.NewContext();
        var types = await db.AiTypes.AsNoTracking().OrderBy(t => t.NameKey).Select(t => t.Name + " = " + t.NameKey).ToListAsync();
        Assert.Equal(["Ｌｏｃａｌ = local", "Ärzte = ärzte", "ärzte (2) = ärzte (2)", "ÄRZTE (3) = ärzte (3)"], types);
    }

    [Fact]
    public async Task KeysLeftEmptyAreFilledPerOwnerForProjectsAndForEveryKindOfName()
    {
        await using var host = await TestDataHost.StartAsync();
        using (var db = host.NewContext())
        {
            var (ada, bob) = (TestData.User("ada"), TestData.User("bob"));
            var model = TestData.Model(db, "m");
            model.DisplayName = "first";
            db.AddRange(ada, bob,
                new Project { Owner = ada, OwnerId = ada.Id, Name = "first" },
                new Project { Owner = ada, OwnerId = ada.Id, Name = "second" },
                new Project { Owner = bob, OwnerId = bob.Id, Name = "third" },
                new SystemPrompt { Name = "first", Content = "Be brief." },
                new SystemPrompt { Name = "second", Content = "Be brief." });
            await db.SaveChangesAsync();
            // As rows from before keys: names that are now one, and no keys.
            foreach (var (from, to) in new[] { ("first", "Work"), ("second", "WORK"), ("third", "work") })
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE \"Projects\" SET \"Name\" = {0}, \"NameKey\" = NULL WHERE \"Name\" = {1}", to, from);
            }
            foreach (var (from, to) in new[] { ("first", "Ｔｒａｎｓｌａｔｏｒ"), ("second", "translator") })
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE \"SystemPrompts\" SET \"Name\" = {0}, \"NameKey\" = NULL WHERE \"Name\" = {1}", to, from);
            }
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AiModels\" SET \"DisplayName\" = {0}, \"DisplayNameKey\" = NULL", "Ärzte-Modell");
        }

        await host.Host.MigrateDatabaseAsync();

        using var check = host.NewContext();
        var projects = await check.Projects.AsNoTracking().Include(p => p.Owner).OrderBy(p => p.Owner.UserName).ThenBy(p => p.NameKey)
            .Select(p => p.Owner.UserName + ": " + p.Name + " = " + p.NameKey).ToListAsync();
        Assert.Equal(["ada: Work = work", "ada: WORK (2) = work (2)", "bob: work = work"], projects);
        var prompts = await check.SystemPrompts.AsNoTracking().OrderBy(p => p.NameKey).Select(p => p.Name + " = " + p.NameKey).ToListAsync();
        Assert.Equal(["Ｔｒａｎｓｌａｔｏｒ = translator", "translator (2) = translator (2)"], prompts);
        Assert.Equal("ärzte-modell", await check.AiModels.Select(m => m.DisplayNameKey).SingleAsync());
    }

    [PostgresFact]
    public async Task OnPostgresKeysAreComparedByteByByteWhateverTheDatabasesCollation()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();

        var collations = await db.Database.SqlQueryRaw<string>(
                "SELECT table_name || '.' || column_name || ' ' || coalesce(collation_name, 'default') AS \"Value\" FROM information_schema.columns "
                + "WHERE table_schema = 'public' AND column_name LIKE '%NameKey' ORDER BY 1")
            .ToListAsync();

        Assert.Equal(
            ["AiModels.DisplayNameKey C", "AiProviders.NameKey C", "AiTypes.NameKey C", "Projects.NameKey C", "SystemPrompts.NameKey C"],
            collations);
    }
}
