using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class UsageLogConfiguration : IEntityTypeConfiguration<UsageLog>
{
    public void Configure(EntityTypeBuilder<UsageLog> builder)
    {
        builder.Property(l => l.Cost).HasPrecision(18, 6);

        // Usage is kept when an account or model is deleted (totals, costs, audits), just no longer attributed.
        builder.HasOne<AppUser>()
            .WithMany()
            .HasForeignKey(l => l.UserId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<AiModel>()
            .WithMany()
            .HasForeignKey(l => l.ModelId)
            .OnDelete(DeleteBehavior.SetNull);
        // ConversationId and MessageId are deliberately not foreign keys: a constraint would need an index on
        // each (every message deletion would otherwise scan this table) for ids that are only informative.

        // Quotas (a user's month) and rollups/retention (a time range).
        builder.HasIndex(l => new { l.UserId, l.CreatedAt });
        builder.HasIndex(l => l.CreatedAt);
    }
}
