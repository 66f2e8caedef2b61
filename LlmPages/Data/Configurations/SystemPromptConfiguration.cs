using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class SystemPromptConfiguration : IEntityTypeConfiguration<SystemPrompt>
{
    public void Configure(EntityTypeBuilder<SystemPrompt> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.NameKey).IsNameKey();
        builder.HasIndex(p => p.NameKey).IsUnique();
        builder.Property(p => p.Description).HasMaxLength(1000);
        builder.Property(p => p.Content).HasMaxLength(20_000);

        // The prompt outlives its author's account.
        builder.HasOne<AppUser>()
            .WithMany()
            .HasForeignKey(p => p.CreatedById)
            .OnDelete(DeleteBehavior.SetNull);
    }
}
