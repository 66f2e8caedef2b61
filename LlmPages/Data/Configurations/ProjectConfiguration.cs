using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        // The app makes the id (version 7 GUID), so EF never needs to.
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Description).HasMaxLength(1000);
        builder.Property(p => p.DefaultSystemPrompt).HasMaxLength(20_000);

        builder.HasOne(p => p.Owner)
            .WithMany()
            .HasForeignKey(p => p.OwnerId)
            .OnDelete(DeleteBehavior.Cascade);

        // Deleting a model or a saved prompt leaves the project without that default, never deletes it.
        builder.HasOne(p => p.DefaultModel)
            .WithMany()
            .HasForeignKey(p => p.DefaultModelId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<SystemPrompt>()
            .WithMany()
            .HasForeignKey(p => p.DefaultSystemPromptId)
            .OnDelete(DeleteBehavior.SetNull);

        // Unique per owner ignoring case (NameKeys); also serves "this owner's projects, by name", so no separate
        // OwnerId index is made.
        builder.Property(p => p.NameKey).IsNameKey();
        builder.HasIndex(p => new { p.OwnerId, p.NameKey }).IsUnique();
    }
}
