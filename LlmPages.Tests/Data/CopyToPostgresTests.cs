using System.Data.Common;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Data.Moving;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LlmPages.Tests.Data;

/// <summary>
/// <c>copy-to-postgres</c> moves a SQLite installation, made through the real app, into an empty PostgreSQL database;
/// then the app on PostgreSQL works with it: people sign in with their old passwords, old chats are there, the stored
/// provider key still decrypts, and new records get new ids. A database that already holds rows is refused untouched.
/// </summary>
public sealed class CopyToPostgresTests
{
    private const string ApiKey = "sk-moved-with-the-installation-7731";
    private const string UserEmail = "moving-person@example.test";

    [PostgresFact]
    public async Task AMovedInstallationWorksOnPostgresWithItsPeopleChatsAndProviderKey()
    {
        await using var model = await Llm.LlmServices.StartFakeAsync(ProviderKind.OpenAiCompatible);
        model.Script.ExpectedApiKey = ApiKey;
        var source = await SqliteInstallationAsync(model);
        var targetFolder = Directory.CreateTempSubdirectory("llmpages-moved-").FullName;
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exitCode = await CopyToPostgresCommand.RunAsync(
                ["--from", source.DataFolder, "--to", TestDatabase.CreateFor(targetFolder)],
                TestCertificates.Shared.Settings().ToDictionary(), output, error, CancellationToken.None);

            Assert.True(exitCode == 0, error.ToString());
            Assert.Contains("Messages", output.ToString(), StringComparison.Ordinal);
            var sourceCounts = await CountRowsAsync(SqliteConnectionTo(source.DataFolder));
            var targetCounts = await CountRowsAsync(new NpgsqlConnection(TestDatabase.CreateFor(targetFolder)));
            var keyFiles = Directory.GetFiles(Path.Combine(source.DataFolder, "keys"), "*.xml").Length;
            Assert.Equal(sourceCounts.SetItem("DataProtectionKeys", keyFiles), targetCounts);
            Assert.True(targetCounts["Messages"] >= 4 && targetCounts["UsageLogs"] >= 2, string.Join(", ", targetCounts));

            using var moved = new AppFactory { DataFolder = targetFolder };
            // Text and times as they were (NUL as the replacement character, which PostgreSQL can store).
            var movedChat = await moved.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == source.ConversationId));
            Assert.Equal((source.ChatCreatedAt, DateTimeKind.Utc), (movedChat.CreatedAt, movedChat.CreatedAt.Kind));
            Assert.Equal("An old \uFFFD question", (await moved.MessagesAsync(source.ConversationId))[2].Content);

            // The person signs in with the password of the SQLite installation, and finds the chat.
            using var person = moved.CreateHtmlClient();
            var signedIn = await person.LoginAsync(UserEmail);
            Assert.NotEqual("/account/login", signedIn.Url.AbsolutePath);
            var chat = await person.GetAsync($"/chat/{source.ConversationId}");
            Assert.Contains("Hello from SQLite", chat.Text("#thread"), StringComparison.Ordinal);
            Assert.Contains("Hello, world!", chat.Text("#thread"), StringComparison.Ordinal);

            // The provider's stored key decrypts: the model (which refuses any other key) answers.
            model.Script.Tokens = ["Still", " here"];
            await person.SendAsync(source.ConversationId, "Are you there?");
            var reply = (await moved.MessagesAsync(source.ConversationId)).Last();
            Assert.Equal((MessageStatus.Complete, "Still here"), (reply.Status, reply.Content));

            // New people, chats (a usage log each) and admin records get ids after the copied ones.
            using var newcomer = moved.CreateHtmlClient();
            await newcomer.RegisterAsync(Infrastructure.Accounts.NewEmail("after-the-move"), "Nina Newcomer");
            var newChat = (await newcomer.StartChatAsync("My first chat on PostgreSQL")).ConversationId();
            Assert.Equal(MessageStatus.Complete, (await moved.MessagesAsync(newChat)).Last().Status);
            using var admin = moved.CreateHtmlClient();
            await admin.LoginAsync(AppFactory.AdminEmail);
            await admin.CreateAiTypeAsync("Made after the move");
            Assert.True((await moved.AiTypeAsync("Made after the move")).Id > 1);
            Assert.Equal(sourceCounts["UsageLogs"] + 2, await moved.WithDbAsync(db => db.UsageLogs.LongCountAsync()));

            // Moving again into the same database is refused, and writes nothing.
            var before = await CountRowsAsync(new NpgsqlConnection(TestDatabase.CreateFor(targetFolder)));
            var refusedError = new StringWriter();
            var refused = await CopyToPostgresCommand.RunAsync(
                ["--from", source.DataFolder, "--to", TestDatabase.CreateFor(targetFolder)],
                TestCertificates.Shared.Settings().ToDictionary(), new StringWriter(), refusedError, CancellationToken.None);
            Assert.Equal(1, refused);
            Assert.Contains("already holds LlmPages data", refusedError.ToString(), StringComparison.Ordinal);
            Assert.Equal(before, await CountRowsAsync(new NpgsqlConnection(TestDatabase.CreateFor(targetFolder))));
        }
        finally
        {
            TestDatabase.DropFor(targetFolder);
            if (Directory.Exists(targetFolder))
            {
                Directory.Delete(targetFolder, recursive: true);
            }
            source.Delete();
        }
    }

    [PostgresFact]
    public async Task AsAProcessTheMoveExitsWithZeroAndATableOfRowCountsOrWithOneAndAPlainMessage()
    {
        await using var model = await Llm.LlmServices.StartFakeAsync(ProviderKind.OpenAiCompatible);
        var source = await SqliteInstallationAsync(model);
        var targetFolder = Directory.CreateTempSubdirectory("llmpages-moved-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["LlmPages__Database__ConnectionString"] = TestDatabase.CreateFor(targetFolder),
            ["LlmPages__DataProtection__CertificatePath"] = TestCertificates.Shared.Path,
            ["LlmPages__DataProtection__CertificatePassword"] = TestCertificates.Shared.Password,
        };
        try
        {
            var (exitCode, output, error) = await AppProcess.RunAsync([CopyToPostgresCommand.Name, "--from", source.DataFolder], environment);

            Assert.True(exitCode == 0, output + error);
            var messages = (await CountRowsAsync(SqliteConnectionTo(source.DataFolder)))["Messages"];
            Assert.Matches($@"(?m)^Messages\s+{messages}\s+{messages}\s*$", output);
            Assert.Contains("Done", output, StringComparison.Ordinal);

            var (refused, refusedOutput, refusedError) = await AppProcess.RunAsync([CopyToPostgresCommand.Name, "--from", source.DataFolder], environment);

            Assert.Equal(1, refused);
            Assert.Contains("already holds LlmPages data", refusedError, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", refusedOutput + refusedError, StringComparison.Ordinal);
        }
        finally
        {
            TestDatabase.DropFor(targetFolder);
            if (Directory.Exists(targetFolder))
            {
                Directory.Delete(targetFolder, recursive: true);
            }
            source.Delete();
        }
    }

    /// <summary>
    /// A SQLite installation made through the real app, then stopped: a provider whose API key is stored encrypted, its
    /// default model, and a person with a chat of two turns (one message holding a NUL written by an older version).
    /// </summary>
    private static async Task<SqliteInstallation> SqliteInstallationAsync(FakeModelServer model)
    {
        var app = new AppFactory { KeepDataFolder = true };
        app.Settings["LlmPages:Database:Provider"] = "Sqlite";
        app.Settings["LlmPages:Database:ConnectionString"] = null;
        try
        {
            using var admin = app.CreateHtmlClient();
            await admin.LoginAsync(AppFactory.AdminEmail);
            await admin.CreateProviderAsync("Moved provider", apiKey: ApiKey, baseUrl: model.BaseUrl.ToString());
            var provider = await app.ProviderAsync("Moved provider");
            await admin.CreateModelAsync(provider.Id, FakeScript.WireModel, ChatApp.ModelName, isDefault: true);

            using var person = app.CreateHtmlClient();
            await person.RegisterAsync(UserEmail, "Mo Ving");
            var conversationId = (await person.StartChatAsync("Hello from SQLite")).ConversationId();
            await person.SendAsync(conversationId, "And a second turn");
            var messages = await app.MessagesAsync(conversationId);
            Assert.All(messages, m => Assert.Equal(MessageStatus.Complete, m.Status));
            // Written as an older version could have: past StoredText, with a NUL.
            await app.WithDbAsync(db => db.Messages.Where(m => m.Id == messages[2].Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Content, "An old \0 question")));
            var createdAt = await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversationId).Select(c => c.CreatedAt).SingleAsync());
            return new SqliteInstallation(app.DataFolder, conversationId, createdAt);
        }
        finally
        {
            app.Dispose();
            SqliteConnection.ClearAllPools();
            TestDatabase.DropFor(app.DataFolder); // the suite's PostgreSQL database for that folder, unused
        }
    }

    private static SqliteConnection SqliteConnectionTo(string dataFolder) =>
        new(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "llmpages.db"), Pooling = false }.ToString());

    /// <summary>The rows of every table of the model, counted with plain SQL.</summary>
    private static async Task<System.Collections.Immutable.ImmutableSortedDictionary<string, long>> CountRowsAsync(DbConnection connection)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            var counts = System.Collections.Immutable.ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
            using var context = new LlmPages.Data.Sqlite.SqliteDesignTimeFactory().CreateDbContext([]);
            foreach (var table in context.Model.GetEntityTypes().Select(t => t.GetTableName()!).Distinct())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }
            return counts.ToImmutable();
        }
    }

    private sealed record SqliteInstallation(string DataFolder, Guid ConversationId, DateTime ChatCreatedAt)
    {
        public void Delete() => Directory.Delete(DataFolder, recursive: true);
    }
}
