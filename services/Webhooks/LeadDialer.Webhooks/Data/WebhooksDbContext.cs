using LeadDialer.Messaging.Outbox;
using LeadDialer.Webhooks.PlacedCalls;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LeadDialer.Webhooks.Data;

public sealed class WebhooksDbContext(DbContextOptions<WebhooksDbContext> options) : DbContext(options)
{
    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    public DbSet<CallEventRecord> CallEvents => Set<CallEventRecord>();

    public DbSet<PlacedCall> PlacedCalls => Set<PlacedCall>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).UseIdentityAlwaysColumn();
            e.Property(d => d.Provider).HasMaxLength(16);
            e.Property(d => d.EventType).HasMaxLength(64);
            e.Property(d => d.ProviderCallId).HasMaxLength(200);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            // The processor reads the pending ones in arrival order.
            e.HasIndex(d => d.ProcessAfter).HasFilter("status = 'Pending'").HasDatabaseName("ix_webhook_deliveries_pending");
            e.HasIndex(d => new { d.Provider, d.ProviderCallId });
        });
        modelBuilder.Entity<CallEventRecord>(e =>
        {
            e.ToTable("call_events");
            e.HasKey(c => new { c.Provider, c.ProviderCallId, c.Kind });
            e.Property(c => c.Provider).HasMaxLength(16);
            e.Property(c => c.ProviderCallId).HasMaxLength(200);
            e.Property(c => c.Kind).HasMaxLength(16);
        });
        modelBuilder.Entity<PlacedCall>(e =>
        {
            e.ToTable("placed_calls");
            e.HasKey(p => new { p.Provider, p.ProviderCallId });
            e.Property(p => p.Provider).HasMaxLength(16);
            e.Property(p => p.ProviderCallId).HasMaxLength(200);
            // A report naming a real attempt under another call id is found by the attempt.
            e.HasIndex(p => p.CallAttemptId);
        });
        modelBuilder.AddOutbox();
    }
}

/// <summary>For <c>dotnet ef</c>: builds the context without starting the host, with the run-time naming convention.</summary>
sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<WebhooksDbContext>
{
    public WebhooksDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<WebhooksDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=leaddialer_webhooks")
            .UseSnakeCaseNamingConvention()
            .Options);
}
