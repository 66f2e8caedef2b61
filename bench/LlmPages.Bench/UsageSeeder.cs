using System.Globalization;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Usage;
using LlmPages.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LlmPages.Bench;

/// <summary>
/// A year of usage for the admin pages: people and models through the context, then the usage rows straight into the
/// table (a prepared insert in one transaction on SQLite, COPY on PostgreSQL: a million tracked entities would take
/// minutes), then the rollup job's work, run here on the same database as the app's job would run it.
/// </summary>
public static class UsageSeeder
{
    public const int Days = 365;

    public static async Task SeedAsync(AppDbContext db, int people, int rows)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var first = await db.AiModels.Include(m => m.Provider).FirstAsync();
        for (var m = 1; m < 5; m++)
        {
            db.AiModels.Add(new AiModel
            {
                ProviderId = first.ProviderId,
                WireModelId = $"bench-usage-{m}",
                DisplayName = $"Bench usage model {m}",
                ContextWindow = 8192,
                MaxOutputTokens = 1024,
            });
        }
        for (var p = 0; p < people; p++)
        {
            var email = $"usage-{p}@example.test";
            db.Users.Add(new AppUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                DisplayName = $"Person {p}",
                SecurityStamp = Guid.NewGuid().ToString(),
            });
        }
        await db.SaveChangesAsync();
        var users = await db.Users.Select(u => u.Id).ToListAsync();
        var models = await db.AiModels.Select(m => m.Id).ToListAsync();

        var random = new Random(15);
        var now = DateTime.UtcNow;
        var span = TimeSpan.FromDays(Days).Ticks;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var log = Enumerable.Range(0, rows).Select(i =>
        {
            var failed = random.Next(50) == 0;
            var firstToken = 100 + random.Next(2000);
            return (
                User: users[random.Next(users.Count)],
                Model: models[random.Next(models.Count)],
                Prompt: 50 + random.Next(4000),
                Completion: failed ? 0 : 20 + random.Next(1500),
                FirstToken: firstToken,
                Duration: firstToken + 500 + random.Next(20_000),
                Status: failed ? nameof(MessageStatus.Failed) : nameof(MessageStatus.Complete),
                Cost: Math.Round((decimal)random.NextDouble() / 100, 6),
                At: now.AddTicks(-(long)(random.NextDouble() * span)));
        });
        if (connection is NpgsqlConnection postgres)
        {
            await using var copy = await postgres.BeginBinaryImportAsync(
                "COPY \"UsageLogs\" (\"UserId\", \"ModelId\", \"PromptTokens\", \"CompletionTokens\", \"TimeToFirstTokenMs\", \"DurationMs\", \"Status\", \"Cost\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)");
            foreach (var r in log)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.User, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Model, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Prompt, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Completion, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.FirstToken, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Duration, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Status, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Cost, NpgsqlDbType.Numeric);
                await copy.WriteAsync(r.At, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        else
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = (SqliteCommand)connection.CreateCommand();
            insert.Transaction = (SqliteTransaction)transaction;
            insert.CommandText = "INSERT INTO UsageLogs (UserId, ModelId, PromptTokens, CompletionTokens, TimeToFirstTokenMs, DurationMs, Status, Cost, CreatedAt) " +
                "VALUES ($u, $m, $p, $c, $f, $d, $s, $cost, $at)";
            var parameters = new[] { "$u", "$m", "$p", "$c", "$f", "$d", "$s", "$cost", "$at" }
                .Select(n => insert.Parameters.Add(n, n is "$u" or "$s" or "$cost" or "$at" ? SqliteType.Text : SqliteType.Integer)).ToArray();
            insert.Prepare();
            foreach (var r in log)
            {
                parameters[0].Value = r.User;
                parameters[1].Value = r.Model;
                parameters[2].Value = r.Prompt;
                parameters[3].Value = r.Completion;
                parameters[4].Value = r.FirstToken;
                parameters[5].Value = r.Duration;
                parameters[6].Value = r.Status;
                // As EF writes them on SQLite: decimals and UTC times as invariant text.
                parameters[7].Value = r.Cost.ToString("0.0###########################", CultureInfo.InvariantCulture);
                parameters[8].Value = r.At.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        await connection.CloseAsync();
    }

    /// <summary>One run of the rollup job on this database (UTC days, the app's default time zone).</summary>
    public static async Task RollUpAsync(AppDbContext db)
    {
        var days = new UsageDays(new AppTimeZone(Options.Create(new TimeZoneOptions())), TimeProvider.System);
        await new UsageRollup(db, days, NullLogger<UsageRollup>.Instance).RunAsync(CancellationToken.None);
    }

    /// <summary>ANALYZE (the same word on both engines), as PostgreSQL's autovacuum would, so the planner knows the tables' new sizes.</summary>
    public static Task AnalyzeAsync(AppDbContext db) => db.Database.ExecuteSqlRawAsync("ANALYZE");
}
