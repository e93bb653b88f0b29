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
            // The default gives the rows from before scopes the full API they had (ADR 0009).
            e.Property(k => k.Scopes).IsRequired().HasDefaultValueSql("'{read,write,compliance}'::text[]");
            e.HasIndex(k => k.Hash).IsUnique();
        });
}

/// <summary>For <c>dotnet ef</c>: builds the context without starting the host, with the run-time naming convention.</summary>
sealed class DesignTimeDbContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<GatewayDbContext>
{
    public GatewayDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<GatewayDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=leaddialer_gateway")
            .UseSnakeCaseNamingConvention()
            .Options);
}
