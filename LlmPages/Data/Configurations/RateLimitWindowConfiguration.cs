using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class RateLimitWindowConfiguration : IEntityTypeConfiguration<RateLimitWindow>
{
    public void Configure(EntityTypeBuilder<RateLimitWindow> builder)
    {
        // The upsert's conflict target.
        builder.HasKey(w => w.Key);
        builder.Property(w => w.Key).HasMaxLength(200);
        // The cleanup deletes ended windows.
        builder.HasIndex(w => w.EndsAt);
    }
}
