using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class PerformanceMetricConfiguration : IEntityTypeConfiguration<PerformanceMetric>
{
    public void Configure(EntityTypeBuilder<PerformanceMetric> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.Property(m => m.Unit).HasMaxLength(20);
        builder.Property(m => m.Tags).HasMaxLength(1000);

        // One series over a time range.
        builder.HasIndex(m => new { m.Name, m.CreatedAt });
    }
}
