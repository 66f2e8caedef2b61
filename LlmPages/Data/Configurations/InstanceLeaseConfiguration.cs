using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data.Configurations;

internal sealed class InstanceLeaseConfiguration : IEntityTypeConfiguration<InstanceLease>
{
    public void Configure(EntityTypeBuilder<InstanceLease> builder)
    {
        // Chosen by the instance when it starts. No foreign key from Messages: a lease is deleted when its instance
        // stops, and a reply whose instance has no lease is exactly the one to recover.
        builder.Property(l => l.Id).ValueGeneratedNever();
    }
}
