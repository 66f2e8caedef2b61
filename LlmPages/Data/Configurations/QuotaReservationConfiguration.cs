using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class QuotaReservationConfiguration : IEntityTypeConfiguration<QuotaReservation>
{
    public void Configure(EntityTypeBuilder<QuotaReservation> builder)
    {
        // The reply's id, chosen by the app.
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<AppUser>()
            .WithMany()
            .HasForeignKey(r => r.UserId)
            .OnDelete(DeleteBehavior.Cascade);
        // A send sums one person's reservations.
        builder.HasIndex(r => r.UserId);
    }
}
