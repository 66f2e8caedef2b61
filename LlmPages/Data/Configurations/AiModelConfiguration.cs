using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class AiModelConfiguration : IEntityTypeConfiguration<AiModel>
{
    public void Configure(EntityTypeBuilder<AiModel> builder)
    {
        builder.Property(m => m.WireModelId).HasMaxLength(200);
        builder.Property(m => m.DisplayName).HasMaxLength(200);
        // Lists sort by it (NameKeys); the table is small, so it needs no index.
        builder.Property(m => m.DisplayNameKey).IsNameKey();
        builder.Property(m => m.InputPricePerMillion).HasPrecision(18, 6);
        builder.Property(m => m.OutputPricePerMillion).HasPrecision(18, 6);

        // A provider with models cannot be deleted by accident: the admin deletes or moves its models first.
        builder.HasOne(m => m.Provider)
            .WithMany(p => p.Models)
            .HasForeignKey(m => m.ProviderId)
            .OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(m => new { m.ProviderId, m.WireModelId }).IsUnique();

        // At most one default model. The filter is a bare boolean column, valid in SQLite and PostgreSQL alike.
        // Switching the default: clear the old one, then set the new one (in one transaction).
        builder.HasIndex(m => m.IsDefault)
            .IsUnique()
            .HasFilter("\"IsDefault\"")
            .HasDatabaseName("IX_AiModels_SingleDefault");
    }
}
