using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class UserSettingsConfiguration : IEntityTypeConfiguration<UserSettings>
{
    public void Configure(EntityTypeBuilder<UserSettings> builder)
    {
        // Keyed by the user: a 1:1 row, no id of its own.
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.DefaultSystemPrompt).HasMaxLength(20_000);

        // Deleting a model falls back to the app default rather than failing or deleting settings.
        builder.HasOne(s => s.DefaultModel)
            .WithMany()
            .HasForeignKey(s => s.DefaultModelId)
            .OnDelete(DeleteBehavior.SetNull);
        // Deleting a library prompt keeps the copied text (DefaultSystemPrompt), only the link goes.
        builder.HasOne<SystemPrompt>()
            .WithMany()
            .HasForeignKey(s => s.DefaultSystemPromptId)
            .OnDelete(DeleteBehavior.SetNull);
    }
}
