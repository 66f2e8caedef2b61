using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class AiProviderConfiguration : IEntityTypeConfiguration<AiProvider>
{
    public void Configure(EntityTypeBuilder<AiProvider> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.NameKey).IsNameKey();
        builder.HasIndex(p => p.NameKey).IsUnique();
        builder.Property(p => p.BaseUrl).HasMaxLength(2048);
        builder.Property(p => p.ApiKeyHint).HasMaxLength(8);
        builder.Property(p => p.LastHealthError).HasMaxLength(1000);

        // A type in use cannot be deleted: the admin moves its providers first.
        builder.HasOne(p => p.AiType)
            .WithMany()
            .HasForeignKey(p => p.AiTypeId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
