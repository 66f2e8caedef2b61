using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.Property(m => m.Id).ValueGeneratedNever();
        // Content has no bound: replies can be long, and both SQLite and PostgreSQL store text cheaply.
        builder.Property(m => m.Error).HasMaxLength(2000);
        builder.Property(m => m.ModelName).HasMaxLength(200);

        builder.HasOne(m => m.Conversation)
            .WithMany(c => c.Messages)
            .HasForeignKey(m => m.ConversationId)
            .OnDelete(DeleteBehavior.Cascade);

        // The tree. NO ACTION rather than RESTRICT: NO ACTION is checked at the end of the statement, so the
        // cascade from a deleted conversation may remove parents and children in any order; RESTRICT would
        // fail on the first parent it meets. Deleting a single message with replies under it still fails.
        builder.HasOne(m => m.Parent)
            .WithMany()
            .HasForeignKey(m => m.ParentId)
            .OnDelete(DeleteBehavior.NoAction);

        builder.HasOne(m => m.Model)
            .WithMany()
            .HasForeignKey(m => m.ModelId)
            .OnDelete(DeleteBehavior.SetNull);

        // Loading a thread.
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
        builder.HasIndex(m => m.ParentId);
        // The admin overview's messages today, this week and this month.
        builder.HasIndex(m => m.CreatedAt);
        // Only streaming replies are ever looked up by status (start-up recovery, watching from another
        // instance), so a partial index keeps it tiny instead of indexing every message ever written.
        builder.HasIndex(m => m.Status)
            .HasFilter($"\"Status\" = '{nameof(MessageStatus.Streaming)}'")
            .HasDatabaseName("IX_Messages_Streaming");
    }
}
