using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LlmPages.Data;

/// <summary>
/// Text as both engines can store it. PostgreSQL refuses the NUL character in text (SQLite keeps it), and model
/// output, a person's message or a server's error may carry one: it is stored as U+FFFD, the replacement character a
/// browser would show for it anyway, on both engines alike. Tracked saves are cleaned by
/// <see cref="Interceptor"/>; the few writes that bypass the change tracker with outside text (the batched partial
/// reply, a model's title, a server's error) call <see cref="Clean"/> themselves.
/// </summary>
public static class StoredText
{
    private const char Nul = '\0';
    private const char Replacement = '\uFFFD';

    /// <summary>The text without NUL characters (the same instance when it has none, which is nearly always).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text) =>
        text is null || text.AsSpan().IndexOf(Nul) < 0 ? text : text.Replace(Nul, Replacement);

    /// <summary>Cleans every string property of the entities about to be added or changed.</summary>
    public sealed class Interceptor : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            CleanEntries(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            CleanEntries(eventData.Context);
            return ValueTask.FromResult(result);
        }

        private static void CleanEntries(DbContext? context)
        {
            if (context is null)
            {
                return;
            }
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (entry.State is not (EntityState.Added or EntityState.Modified))
                {
                    continue;
                }
                foreach (var property in entry.Properties)
                {
                    if (property.CurrentValue is string text && Clean(text) is var clean && !ReferenceEquals(clean, text))
                    {
                        property.CurrentValue = clean;
                    }
                }
            }
        }
    }
}
