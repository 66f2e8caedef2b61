using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class UsageRollupStateConfiguration : IEntityTypeConfiguration<UsageRollupState>
{
    public void Configure(EntityTypeBuilder<UsageRollupState> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.TimeZone).HasMaxLength(100);
    }
}
