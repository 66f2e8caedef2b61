using LlmPages.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data;

/// <summary>
/// The app's one database: Identity's tables plus the chat model.
/// <list type="bullet">
/// <item>Accounts: <see cref="AppUser"/> (Identity, roles Admin|User) with <see cref="UserSettings"/>, <see cref="ApiKey"/>s and signed-in <see cref="UserSession"/>s; <see cref="ServerSetting"/>s admins change in the app.</item>
/// <item>Model catalogue, managed by admins: <see cref="AiType"/> → <see cref="AiProvider"/> → <see cref="AiModel"/>; saved <see cref="SystemPrompt"/>s.</item>
/// <item>Chats, owned by users: <see cref="Project"/> → <see cref="Conversation"/> → <see cref="Message"/> (a tree: edits and regenerations branch); exports and imports of them (<see cref="ChatTransfer"/>).</item>
/// <item>The running instances (<see cref="InstanceLease"/>), so that a reply whose writer died is recovered by another.</item>
/// <item>Records that outlive what they describe: <see cref="UsageLog"/> + <see cref="UsageDailyRollup"/> (and the <see cref="QuotaReservation"/>s of replies being written), <see cref="MonitoringLog"/>, <see cref="ModelDailyPerformance"/> (from the usage rows, with <see cref="UsageRollupState"/>), <see cref="AuditEvent"/>.</item>
/// </list>
/// Keys: GUIDs for user-owned rows (ids in URLs must not be guessable), ints for admin-managed ones, longs for logs.
/// Timestamps are UTC <see cref="DateTime"/>s named <c>...At</c>, kept to the microsecond on both engines
/// (<see cref="UtcDateTimeConverter"/>; SQLite cannot order by DateTimeOffset); enums are stored as their names. Names
/// that must be unique ignoring case, or that lists sort by, have a key beside them (<see cref="NameKeys"/>). Each entity
/// is configured in <c>Configurations/</c>.
/// </summary>
/// <remarks>
/// The same model on two engines: <see cref="Sqlite.SqliteAppDbContext"/> and <see cref="Postgres.PostgresAppDbContext"/>
/// each own their engine's migrations (EF finds a migration by the context type it names), and
/// <see cref="DatabaseEngine"/> registers the one configured as this class. Migrations are applied at start-up
/// (<see cref="DataExtensions.MigrateDatabaseAsync"/>). After changing the model, from the repository root, add one
/// migration for each engine:
/// <code>
/// dotnet tool restore
/// dotnet ef migrations add NameOfTheChange --project LlmPages --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite --namespace LlmPages.Data.Migrations.Sqlite
/// dotnet ef migrations add NameOfTheChange --project LlmPages --context PostgresAppDbContext --output-dir Data/Migrations/Postgres --namespace LlmPages.Data.Migrations.Postgres
/// </code>
/// Neither needs a database: the design-time factories only name the engine.
/// </remarks>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<UserSettings> UserSettings => Set<UserSettings>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<ServerSetting> ServerSettings => Set<ServerSetting>();
    public DbSet<AiType> AiTypes => Set<AiType>();
    public DbSet<AiProvider> AiProviders => Set<AiProvider>();
    public DbSet<AiModel> AiModels => Set<AiModel>();
    public DbSet<SystemPrompt> SystemPrompts => Set<SystemPrompt>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<UsageLog> UsageLogs => Set<UsageLog>();
    public DbSet<QuotaReservation> QuotaReservations => Set<QuotaReservation>();
    public DbSet<UsageDailyRollup> UsageDailyRollups => Set<UsageDailyRollup>();
    public DbSet<MonitoringLog> MonitoringLogs => Set<MonitoringLog>();
    public DbSet<ModelDailyPerformance> ModelDailyPerformances => Set<ModelDailyPerformance>();
    public DbSet<UsageRollupState> UsageRollupStates => Set<UsageRollupState>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ChatTransfer> ChatTransfers => Set<ChatTransfer>();
    public DbSet<InstanceLease> InstanceLeases => Set<InstanceLease>();
    public DbSet<RateLimitWindow> RateLimitWindows => Set<RateLimitWindow>();
    public DbSet<RunningApiCall> RunningApiCalls => Set<RunningApiCall>();

    /// <summary>The Data Protection key ring, when it lives in the database (PostgreSQL: shared by every instance).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's tables first, so our configurations can add to AppUser.
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        NameKeys.UseCollation(builder.Model, BinaryCollation);
    }

    /// <summary>
    /// The engine's collation that compares text byte by byte (code point by code point in UTF-8), given to every name key
    /// (<see cref="NameKeys"/>) so that unique keys and sorted lists are alike on every engine, whatever the database's
    /// default collation.
    /// </summary>
    protected abstract string BinaryCollation { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Conventions rather than per-property calls, so a property added later cannot miss them.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<ProviderKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ProviderHealthStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<MessageRole>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<MessageStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Theme>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TextSize>().HaveConversion<string>().HaveMaxLength(16);
    }
}
