using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class ChatTransferConfiguration : IEntityTypeConfiguration<ChatTransfer>
{
    public void Configure(EntityTypeBuilder<ChatTransfer> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.FileName).HasMaxLength(260);
        builder.Property(t => t.Error).HasMaxLength(2000);

        builder.HasOne(t => t.Owner)
            .WithMany()
            .HasForeignKey(t => t.OwnerId)
            .OnDelete(DeleteBehavior.Cascade);

        // A person's exports or imports, newest first; and the expired ones, for the clean-up job.
        builder.HasIndex(t => new { t.OwnerId, t.Kind, t.CreatedAt });
        builder.HasIndex(t => t.ExpiresAt);
    }
}
