using LeadDialer.Gateway.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Gateway.Data;

/// <summary>The gateway's own database (<c>leaddialer_gateway</c>): the API keys it accepts.</summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength).IsRequired();
            e.Property(k => k.Prefix).HasMaxLength(16).IsRequired();
            e.Property(k => k.Hash).IsRequired();
            e.HasIndex(k => k.Hash).IsUnique();
        });
}
