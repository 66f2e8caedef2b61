using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class AiTypeConfiguration : IEntityTypeConfiguration<AiType>
{
    public void Configure(EntityTypeBuilder<AiType> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Description).HasMaxLength(1000);
        // Unique ignoring case, alike on both engines (NameKeys); lists sort by the key too.
        builder.Property(t => t.NameKey).IsNameKey();
        builder.HasIndex(t => t.NameKey).IsUnique();
    }
}
