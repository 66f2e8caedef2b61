using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>
/// At start-up: makes sure there is at least the AI type "Chat", so the first provider has a type to belong
/// to. Runs on every start and changes nothing once the type exists (or the admin renamed or removed it while
/// other types exist).
/// </summary>
internal sealed partial class AdminSeeding(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AdminSeeding> logger) : IHostedService
{
    public const string ChatTypeName = "Chat";
    public const string ChatTypeDescription = "Conversational models";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.AiTypes.AnyAsync(cancellationToken))
        {
            return;
        }

        db.AiTypes.Add(new AiType { Name = ChatTypeName, Description = ChatTypeDescription, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogSeeded(logger, ChatTypeName);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded it at the same moment: the unique name index kept one.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Added the AI type {Name}")]
    private static partial void LogSeeded(ILogger logger, string name);
}
