using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class MonitoringLogConfiguration : IEntityTypeConfiguration<MonitoringLog>
{
    public void Configure(EntityTypeBuilder<MonitoringLog> builder)
    {
        builder.Property(l => l.Level).HasMaxLength(20);
        builder.Property(l => l.Category).HasMaxLength(200);
        builder.Property(l => l.Message).HasMaxLength(4000);
        builder.Property(l => l.UserId).HasMaxLength(450);
        builder.Property(l => l.RequestPath).HasMaxLength(2048);
        builder.Property(l => l.TraceId).HasMaxLength(64);

        // Newest first and retention clean-up; "errors, newest first".
        builder.HasIndex(l => l.CreatedAt);
        builder.HasIndex(l => new { l.Level, l.CreatedAt });
    }
}
