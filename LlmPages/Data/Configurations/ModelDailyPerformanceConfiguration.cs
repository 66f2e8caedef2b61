using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class ModelDailyPerformanceConfiguration : IEntityTypeConfiguration<ModelDailyPerformance>
{
    public void Configure(EntityTypeBuilder<ModelDailyPerformance> builder)
    {
        // A range of days; the rollup job rebuilds a whole day (NULL model ids are distinct in unique indexes, so
        // the index is not unique: the job deletes the day before inserting it).
        builder.Property(p => p.Cost).HasPrecision(18, 6);
        builder.HasIndex(p => new { p.Day, p.ModelId });
    }
}
