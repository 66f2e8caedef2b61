using LlmPages.Data.Sqlite;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Data.Moving;

/// <summary>
/// <c>copy-to-postgres</c>: moves a SQLite installation (its data folder: <c>llmpages.db</c> and <c>keys/</c>) into an
/// empty PostgreSQL database, run as a command of the app itself so that it uses the app's own settings, model and
/// key ring:
/// <code>
/// dotnet LlmPages.dll copy-to-postgres [--from DATA_FOLDER] [--to CONNECTION_STRING]
/// </code>
/// The folder defaults to the configured data folder (<c>LlmPages:Data:DataFolder</c>); the target to
/// <c>LlmPages:Database:ConnectionString</c>, and its key ring's certificate is <c>LlmPages:DataProtection:*</c>, as
/// when the app runs on PostgreSQL. Prints its progress and a table of row counts; exits with 0, or with 1 and a plain
/// message (<see cref="SqliteToPostgresMove"/> does the work).
/// </summary>
public static class CopyToPostgresCommand
{
    public const string Name = "copy-to-postgres";

    private const string Usage =
        "Usage: copy-to-postgres [--from DATA_FOLDER] [--to CONNECTION_STRING]\n"
        + "  Copies the SQLite installation in DATA_FOLDER (llmpages.db and keys/; default: LlmPages:Data:DataFolder) into an\n"
        + "  empty PostgreSQL database (default: LlmPages:Database:ConnectionString), its keys protected with the certificate\n"
        + "  of LlmPages:DataProtection:CertificatePath. Stop the app first.";

    /// <summary>Whether the app was started to run this command rather than to serve.</summary>
    public static bool IsRequested(string[] args) => args is [Name, ..];

    /// <summary>Runs the command named in <paramref name="args"/> with the app's configuration; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args[1..], new Dictionary<string, string?>(), Console.Out, Console.Error, CancellationToken.None);

    /// <param name="options">The command's options (after its name).</param>
    /// <param name="settings">Configuration over the app's own (appsettings.json, environment variables).</param>
    internal static async Task<int> RunAsync(
        IReadOnlyList<string> options, IReadOnlyDictionary<string, string?> settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            if (options is ["--help" or "-h"])
            {
                output.WriteLine(Usage);
                return 0;
            }
            var (from, to) = Parse(options);
            using var host = BuildTargetHost(from, to, settings, out var dataFolder);
            await MoveAsync(host, dataFolder, output, cancellationToken);
            return 0;
        }
        catch (Exception e)
        {
            error.WriteLine($"{Name} failed; no rows were written to PostgreSQL.");
            error.WriteLine(Explain(e));
            return 1;
        }
    }

    private static async Task MoveAsync(IHost host, string dataFolder, TextWriter output, CancellationToken cancellationToken)
    {
        // Every setting the target needs, checked now and reported plainly (the database's and the certificate's).
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        var targetOptions = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var database = Path.Combine(dataFolder, "llmpages.db");
        if (!File.Exists(database))
        {
            throw new MoveRefusedException(
                $"There is no LlmPages database at {database}: --from must name the data folder of the SQLite installation "
                + "(the folder that holds llmpages.db and keys/).");
        }
        if (new FileInfo(database + "-wal") is { Exists: true, Length: > 0 })
        {
            output.WriteLine($"Warning: {database}-wal is not empty: if LlmPages is still running on it, stop it first, or what it writes now is not moved.");
        }

        output.WriteLine($"Moving the SQLite installation in {dataFolder} to PostgreSQL: {targetOptions.DescribeServer()}.");
        await using var source = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString())
            .Options);
        await using var scope = host.Services.CreateAsyncScope();
        var encryptor = host.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor
            ?? throw new InvalidOperationException("The key ring has no certificate to protect the keys with.");
        var move = new SqliteToPostgresMove(
            source,
            Path.Combine(dataFolder, DataProtectionKeys.FolderName),
            scope.ServiceProvider.GetRequiredService<AppDbContext>(),
            host.Services.GetRequiredService<DatabaseEngine>(),
            targetOptions,
            encryptor,
            new EncryptedXmlDecryptor(host.Services),
            output,
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CopyToPostgresCommand)));

        var counts = await move.RunAsync(cancellationToken);

        output.WriteLine();
        output.WriteLine($"{"Table",-28}{"SQLite",12}{"PostgreSQL",12}");
        foreach (var count in counts)
        {
            output.WriteLine($"{count.Table,-28}{count.Source,12:N0}{count.Target,12:N0}");
        }
        output.WriteLine();
        output.WriteLine(
            "Done: every table holds as many rows in PostgreSQL as in SQLite (DataProtectionKeys: the files of keys/). "
            + "Hangfire's jobs were not moved; the app registers its recurring jobs again when it starts. Start LlmPages with "
            + "LlmPages__Database__Provider=Postgres, the same connection string and the same certificate.");
    }

    private static (string? From, string? To) Parse(IReadOnlyList<string> options)
    {
        string? from = null, to = null;
        for (var i = 0; i < options.Count; i++)
        {
            var (name, value) = options[i].Split('=', 2) is [var n, var v] ? (n, v) : (options[i], null);
            if (name is not ("--from" or "--to"))
            {
                throw new MoveRefusedException($"{name} is not an option of {Name}.\n{Usage}");
            }
            value ??= i + 1 < options.Count ? options[++i] : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new MoveRefusedException($"{name} needs a value.\n{Usage}");
            }
            (from, to) = name == "--from" ? (value, to) : (from, value);
        }
        return (from, to);
    }

    /// <summary>
    /// The app's own configuration (appsettings.json, the environment's file, environment variables) for a PostgreSQL
    /// target, with the data layer wired exactly as the app wires it (<see cref="DataExtensions.AddAppData"/>).
    /// </summary>
    private static IHost BuildTargetHost(string? from, string? to, IReadOnlyDictionary<string, string?> settings, out string dataFolder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        // A relative --from is taken from the current folder; the configured data folder from the content root, as the app does.
        dataFolder = from is not null
            ? Path.GetFullPath(from)
            : Path.GetFullPath(builder.Configuration[$"{DataOptions.SectionName}:{nameof(DataOptions.DataFolder)}"] ?? "data", builder.Environment.ContentRootPath);
        var overrides = new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"] = nameof(DatabaseProvider.Postgres),
            // The target needs no data folder of its own: naming the source's creates nothing.
            [$"{DataOptions.SectionName}:{nameof(DataOptions.DataFolder)}"] = dataFolder,
        };
        if (to is not null)
        {
            overrides[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.ConnectionString)}"] = to;
        }
        builder.Configuration.AddInMemoryCollection(overrides);

        // Progress is the command's own output; of the app's logs only warnings (waiting for the server) are shown.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        // EF's own errors (such as its look for a migrations table that does not exist yet) reach the command as exceptions.
        builder.Services.PostConfigure<LoggerFilterOptions>(filters =>
        {
            filters.Rules.Clear();
            filters.MinLevel = LogLevel.Warning;
            filters.Rules.Add(new LoggerFilterRule(null, "Microsoft.EntityFrameworkCore", LogLevel.None, null));
        });

        builder.AddAppData();
        return builder.Build();
    }

    private static string Explain(Exception e) => e switch
    {
        MoveRefusedException or DatabaseUnavailableException or NotSupportedException => e.Message,
        OptionsValidationException options => string.Join(Environment.NewLine, options.Failures.Select(f => $"- {f}")),
        AggregateException aggregate => string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(Explain)),
        PostgresException postgres => $"PostgreSQL refused: {postgres.MessageText}{(postgres.Detail is { } detail ? $" ({detail})" : "")}",
        _ when e.InnerException is PostgresException inner => Explain(inner),
        _ => $"{e.Message} ({e.GetType().Name})",
    };
}
