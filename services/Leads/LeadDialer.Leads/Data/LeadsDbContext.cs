using LeadDialer.ServiceDefaults.Outbox;
using LeadDialer.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.Data;

public sealed class LeadsDbContext(DbContextOptions<LeadsDbContext> options) : DbContext(options)
{
    public DbSet<Lead> Leads => Set<Lead>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Lead>(e =>
        {
            e.ToTable("leads");
            e.HasKey(l => l.Id);
            e.Property(l => l.Name).HasMaxLength(200);
            e.Property(l => l.Phone).HasMaxLength(64);
            e.Property(l => l.Email).HasMaxLength(320);
            e.Property(l => l.Company).HasMaxLength(200);
            e.Property(l => l.Timezone).HasMaxLength(64);
            e.Property(l => l.Status).HasMaxLength(16);
            e.Property(l => l.LastOutcome).HasConversion<string>().HasMaxLength(32);
            e.Property(l => l.CustomFields).HasJsonbConversion();
            e.Property(l => l.LastError).HasJsonbConversion();
            e.HasIndex(l => l.Phone);
            e.HasIndex(l => new { l.Status, l.CreatedAt });
        });

        modelBuilder.AddOutbox();
    }
}
