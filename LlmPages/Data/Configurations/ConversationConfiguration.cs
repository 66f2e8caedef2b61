using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.SystemPrompt).HasMaxLength(20_000);
        builder.Property(c => c.TitleKey).IsNameKey();
        builder.Property(c => c.ModelName).HasMaxLength(200);

        builder.HasOne(c => c.Owner)
            .WithMany()
            .HasForeignKey(c => c.OwnerId)
            .OnDelete(DeleteBehavior.Cascade);

        // Deleting a project unfiles its chats; deleting a model or saved prompt must never delete chats.
        builder.HasOne(c => c.Project)
            .WithMany()
            .HasForeignKey(c => c.ProjectId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.Model)
            .WithMany()
            .HasForeignKey(c => c.ModelId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<SystemPrompt>()
            .WithMany()
            .HasForeignKey(c => c.SystemPromptId)
            .OnDelete(DeleteBehavior.SetNull);

        // The history list: newest first, all chats or only the unarchived ones.
        builder.HasIndex(c => new { c.OwnerId, c.UpdatedAt }).IsDescending(false, true);
        builder.HasIndex(c => new { c.OwnerId, c.IsArchived, c.UpdatedAt });
        // A project's chats, newest first, and their count: the project page reads only this index's range. It is also
        // the foreign key's index (it starts with ProjectId), which deleting a project uses to unfile its chats.
        builder.HasIndex(c => new { c.ProjectId, c.OwnerId, c.UpdatedAt }).IsDescending(false, false, true);
        // The history sorted by title.
        builder.HasIndex(c => new { c.OwnerId, c.TitleKey });
        // The admin overview's chats started today, this week and this month.
        builder.HasIndex(c => c.CreatedAt);
    }
}
