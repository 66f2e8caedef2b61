using System.Data.Common;
using System.Text.RegularExpressions;
using LlmPages.Data.KeyRing;
using LlmPages.Data.Sqlite;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LlmPages.Data.Moving;

/// <summary>
/// Copies a SQLite installation into an empty PostgreSQL database: every table of the model, in foreign-key order, in
/// one transaction (a failure leaves the target as it was), then moves the identity sequences past the copied ids and
/// brings the installation's key folder into the <c>DataProtectionKeys</c> table, protected with the certificate.
/// Row counts are compared table by table before anything is committed. The source is only read.
/// </summary>
/// <remarks>
/// Rows are read through EF (so every value converter, e.g. UTC times and enum names, applies as in the app) and
/// written with PostgreSQL's binary COPY, one statement per table: a table whose rows point to each other (Messages'
/// tree) is checked at the end of its statement, so the order of its rows does not matter. Text is cleaned of NUL
/// (<see cref="StoredText"/>). Hangfire's jobs are not moved: the app registers its recurring jobs again at start.
/// </remarks>
internal sealed partial class SqliteToPostgresMove(
    SqliteAppDbContext source,
    string keyFolder,
    AppDbContext target,
    DatabaseEngine engine,
    DatabaseOptions targetOptions,
    IXmlEncryptor encryptor,
    IXmlDecryptor decryptor,
    TextWriter output,
    ILogger logger)
{
    /// <summary>The pseudo-table name of the key folder in the report.</summary>
    private const string KeysTable = nameof(AppDbContext.DataProtectionKeys);

    public async Task<IReadOnlyList<TableCount>> RunAsync(CancellationToken cancellationToken)
    {
        await CheckSourceIsCurrentAsync(cancellationToken);
        var tables = ModelTable.InForeignKeyOrder(target.Model);
        var keys = KeyFolderImport.Read(keyFolder);

        await engine.PrepareAsync(target, targetOptions, logger, cancellationToken);
        await RefuseATargetWithRowsAsync(tables, cancellationToken);
        output.WriteLine("Creating LlmPages's tables in the PostgreSQL database (its migrations)...");
        await target.Database.MigrateAsync(cancellationToken);

        source.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        await source.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await target.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)target.Database.GetDbConnection();

        output.WriteLine("Copying the tables:");
        var counts = new List<TableCount>();
        foreach (var table in tables)
        {
            var inSource = await CountAsync(source.Database.GetDbConnection(), table, cancellationToken);
            var written = await CopyAsync(connection, table, cancellationToken);
            output.WriteLine($"  {table.Name,-28}{written,10:N0} {(written == 1 ? "row" : "rows")}");
            if ((long)written != inSource)
            {
                throw new MoveRefusedException($"{table.Name}: {inSource:N0} rows in SQLite but {written:N0} were copied; nothing was written.");
            }
            counts.Add(new TableCount(table.Name, inSource, 0));
        }
        await MoveSequencesOnAsync(connection, tables, cancellationToken);

        var keyCount = await ImportKeysAsync(keys, cancellationToken);
        output.WriteLine($"  {KeysTable,-28}{keyCount,10:N0} {(keyCount == 1 ? "file" : "files")} of {keyFolder}, protected with the certificate");

        output.WriteLine("Counting the rows of every table in PostgreSQL...");
        var checkedCounts = new List<TableCount>();
        foreach (var (table, count) in tables.Zip(counts))
        {
            var expected = count.Source + (table.Name == KeysTable ? keyCount : 0);
            checkedCounts.Add(count with { Source = expected, Target = await CountAsync(connection, table, cancellationToken) });
        }
        if (checkedCounts.FirstOrDefault(c => c.Source != c.Target) is { } wrong)
        {
            throw new MoveRefusedException($"{wrong.Table} holds {wrong.Target:N0} rows in PostgreSQL instead of {wrong.Source:N0}; nothing was written.");
        }
        await transaction.CommitAsync(cancellationToken);
        return checkedCounts;
    }

    /// <summary>The source must have been made by this version: its model is the one the rows are read with.</summary>
    private async Task CheckSourceIsCurrentAsync(CancellationToken cancellationToken)
    {
        var applied = (await source.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var known = source.Database.GetMigrations().ToList();
        if (applied.Except(known).Any())
        {
            throw new MoveRefusedException(
                "The SQLite database was updated by a newer version of LlmPages than this one: run copy-to-postgres from that version.");
        }
        if (known.Except(applied).Any())
        {
            throw new MoveRefusedException(
                "The SQLite database was made by an older version of LlmPages: start this version on it once (it updates the "
                + "database at start-up), stop it, then run copy-to-postgres again.");
        }
    }

    /// <summary>Refuses before writing anything (even the schema) when any table of the model already holds rows.</summary>
    private async Task RefuseATargetWithRowsAsync(IReadOnlyList<ModelTable> tables, CancellationToken cancellationToken)
    {
        var connection = target.Database.GetDbConnection();
        await target.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var existing = await ExistingTablesAsync(connection, cancellationToken);
            var filled = new List<string>();
            foreach (var table in tables.Where(t => existing.Contains(t.Name)))
            {
                if (await CountAsync(connection, table, cancellationToken) is var rows and > 0)
                {
                    filled.Add($"{table.Name} ({RowCount(rows)})");
                }
            }
            if (filled.Count > 0)
            {
                throw new MoveRefusedException(
                    $"The PostgreSQL database {targetOptions.DescribeServer()} already holds LlmPages data: {string.Join(", ", filled)}. "
                    + "copy-to-postgres only fills an empty database, so nothing was written. Create a new database for it "
                    + "(CREATE DATABASE ...), or drop this one's tables if their rows are not needed.");
            }
        }
        finally
        {
            await target.Database.CloseConnectionAsync();
        }
    }

    private static async Task<HashSet<string>> ExistingTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private async Task<ulong> CopyAsync(NpgsqlConnection connection, ModelTable table, CancellationToken cancellationToken)
    {
        var sql = target.GetService<ISqlGenerationHelper>();
        var columns = table.Columns.Select(c => new CopiedColumn(
            c.Property.GetGetter(),
            c.Column.PropertyMappings.Single().TypeMapping.Converter,
            Facets().Replace(c.Column.StoreType, ""))).ToList();
        var copy = $"COPY {sql.DelimitIdentifier(table.Name, table.Table.Schema)} "
            + $"({string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Column.Name)))}) FROM STDIN (FORMAT BINARY)";

        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        await foreach (var row in Rows(source, table.EntityType.ClrType).WithCancellation(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = column.Getter.GetClrValueUsingContainingEntity(row);
                var stored = column.Converter is { } converter ? converter.ConvertToProvider(value) : value;
                if (stored is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(stored is string text ? StoredText.Clean(text) : stored, column.DataTypeName, cancellationToken);
                }
            }
        }
        return await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Every row of the entity type, streamed (<c>source.Set&lt;T&gt;()</c> for a type known at run time).</summary>
    private static IAsyncEnumerable<object> Rows(DbContext context, Type clrType) =>
        (IAsyncEnumerable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
            .MakeGenericMethod(clrType).Invoke(context, null)!;

    /// <summary>
    /// Rows were copied with their ids: each identity (or serial) column's sequence must now start after the largest
    /// one, or the next admin-made record or usage log would be given an id already taken.
    /// </summary>
    private async Task MoveSequencesOnAsync(NpgsqlConnection connection, IReadOnlyList<ModelTable> tables, CancellationToken cancellationToken)
    {
        var sql = target.GetService<ISqlGenerationHelper>();
        foreach (var table in tables)
        {
            var tableName = sql.DelimitIdentifier(table.Name, table.Table.Schema);
            foreach (var (column, property) in table.Columns.Where(c => c.Property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd))
            {
                await using var find = new NpgsqlCommand("SELECT pg_get_serial_sequence(@table, @column)", connection);
                find.Parameters.AddWithValue("table", tableName);
                find.Parameters.AddWithValue("column", column.Name);
                if (await find.ExecuteScalarAsync(cancellationToken) is not string sequence)
                {
                    continue;
                }
                await using var move = new NpgsqlCommand(
                    $"SELECT setval(@sequence, COALESCE(MAX({sql.DelimitIdentifier(column.Name)}), 0) + 1, false) FROM {tableName}", connection);
                move.Parameters.AddWithValue("sequence", sequence);
                await move.ExecuteScalarAsync(cancellationToken);
            }
        }
    }

    /// <summary>The key folder's elements into the table, secrets encrypted with the certificate and read back with it.</summary>
    private async Task<int> ImportKeysAsync(IReadOnlyList<(string FriendlyName, System.Xml.Linq.XElement Element)> keys, CancellationToken cancellationToken)
    {
        foreach (var (friendlyName, element) in keys)
        {
            var protectedElement = KeyRingXml.Protect(element, encryptor);
            KeyRingXml.Unprotect(protectedElement, decryptor); // the certificate reads it back, or the move stops here
            target.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = friendlyName,
                Xml = protectedElement.ToString(System.Xml.Linq.SaveOptions.DisableFormatting),
            });
        }
        await target.SaveChangesAsync(cancellationToken);
        return keys.Count;
    }

    private async Task<long> CountAsync(DbConnection connection, ModelTable table, CancellationToken cancellationToken)
    {
        var sql = (connection is NpgsqlConnection ? target : source).GetService<ISqlGenerationHelper>();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {sql.DelimitIdentifier(table.Name, table.Table.Schema)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string RowCount(long count) => count == 1 ? "1 row" : $"{count:N0} rows";

    /// <summary>"character varying(200)" → "character varying": Npgsql names a type without its length or precision.</summary>
    [GeneratedRegex(@"\s*\(.*\)")]
    private static partial Regex Facets();

    private sealed record CopiedColumn(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, string DataTypeName);
}

/// <summary>One table's rows in the SQLite installation and in PostgreSQL after the move.</summary>
internal sealed record TableCount(string Table, long Source, long Target);

/// <summary>The move cannot or must not go on; the message says why in plain words, and nothing was written.</summary>
internal sealed class MoveRefusedException(string message) : Exception(message);
