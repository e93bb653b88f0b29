using LeadDialer.Leads.Calls;
using LeadDialer.Leads.CustomFields;
using LeadDialer.Leads.Events;
using LeadDialer.Messaging.Outbox;
using LeadDialer.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.Data;

public sealed class LeadsDbContext(DbContextOptions<LeadsDbContext> options) : DbContext(options)
{
    public DbSet<Lead> Leads => Set<Lead>();

    public DbSet<CustomField> CustomFields => Set<CustomField>();

    public DbSet<LeadCall> LeadCalls => Set<LeadCall>();

    public DbSet<LeadEvent> LeadEvents => Set<LeadEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Free-text search is a substring match ("ILIKE %term%"): trigram indexes make it fast.
        modelBuilder.HasPostgresExtension("pg_trgm");

        // Other writers (the Import service's COPY) insert into leads with an explicit list of the
        // original columns: every column added since must be nullable or have a database default.
        modelBuilder.Entity<Lead>(e =>
        {
            e.ToTable("leads");
            e.HasKey(l => l.Id);
            e.Property(l => l.Name).HasMaxLength(200);
            e.Property(l => l.Phone).HasMaxLength(64);
            e.Property(l => l.Email).HasMaxLength(320);
            e.Property(l => l.Company).HasMaxLength(200);
            e.Property(l => l.Timezone).HasMaxLength(64);
            e.Property(l => l.ConsentSource).HasMaxLength(200);
            e.Property(l => l.Status).HasMaxLength(16);
            e.Property(l => l.LastOutcome).HasConversion<string>().HasMaxLength(32);
            e.Property(l => l.CustomFields).HasJsonbConversion();
            e.Property(l => l.LastError).HasJsonbConversion();
            e.Property(l => l.IdempotencyKey).HasMaxLength(200);
            e.Property(l => l.SearchText).HasComputedColumnSql(
                "lower(name || ' ' || phone || ' ' || email || ' ' || coalesce(company, ''))", stored: true);
            e.HasIndex(l => l.Phone);
            e.HasIndex(l => l.IdempotencyKey).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            // Keyset pagination: one index per (filter, sort) the list offers. The created-at ones
            // (the default order) carry search_text, so a search walks the index alone to find a
            // page's ids instead of fetching every non-matching row from the table.
            e.HasIndex(l => new { l.Status, l.CreatedAt, l.Id }).IncludeProperties(l => l.SearchText);
            e.HasIndex(l => new { l.CreatedAt, l.Id }).IncludeProperties(l => l.SearchText);
            e.HasIndex(l => new { l.Status, l.Name, l.Id });
            e.HasIndex(l => new { l.Name, l.Id });
            e.HasIndex(l => l.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
        });

        modelBuilder.Entity<CustomField>(e =>
        {
            e.ToTable("custom_fields");
            e.HasKey(f => f.Id);
            e.Property(f => f.Id).UseIdentityAlwaysColumn();
            e.Property(f => f.Name).HasMaxLength(63);
            e.Property(f => f.Type).HasMaxLength(16);
            e.HasIndex(f => f.Name).IsUnique();
        });

        modelBuilder.Entity<LeadCall>(e =>
        {
            e.ToTable("lead_calls");
            e.HasKey(c => c.CallAttemptId);
            e.Property(c => c.CallAttemptId).ValueGeneratedNever();
            e.Property(c => c.Provider).HasMaxLength(16);
            e.Property(c => c.ProviderCallId).HasMaxLength(128);
            e.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(32);
            e.Property(c => c.Error).HasJsonbConversion();
            e.HasIndex(c => new { c.LeadId, c.RecordedAt });
            e.HasIndex(c => c.RecordedAt);
        });

        modelBuilder.Entity<LeadEvent>(e =>
        {
            e.ToTable("lead_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Type).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Data).HasColumnType("jsonb");
            e.HasIndex(x => x.OccurredAt);
        });

        modelBuilder.AddOutbox();
    }
}
