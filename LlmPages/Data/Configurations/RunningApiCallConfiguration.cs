using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class RunningApiCallConfiguration : IEntityTypeConfiguration<RunningApiCall>
{
    public void Configure(EntityTypeBuilder<RunningApiCall> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne<AppUser>()
            .WithMany()
            .HasForeignKey(c => c.UserId)
            .OnDelete(DeleteBehavior.Cascade);
        // A call counts one person's running calls. No foreign key to the lease: a dead instance's lease is deleted
        // while its rows wait for the cleanup, and they must stop counting then.
        builder.HasIndex(c => c.UserId);
    }
}
