using LeadDialer.ServiceDefaults.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LeadDialer.ProviderGateway.Data;

public sealed class ProviderGatewayDbContext(DbContextOptions<ProviderGatewayDbContext> options) : DbContext(options)
{
    public DbSet<ProviderCall> ProviderCalls => Set<ProviderCall>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProviderCall>(e =>
        {
            e.ToTable("provider_calls");
            e.HasKey(c => c.CallAttemptId);
            e.Property(c => c.CallAttemptId).ValueGeneratedNever();
            e.Property(c => c.Provider).HasMaxLength(32);
            e.Property(c => c.ProviderCallId).HasMaxLength(200);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.ErrorKind).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Version).IsRowVersion();
            e.HasIndex(c => c.LeadId);
        });
        modelBuilder.AddOutbox();
    }
}

/// <summary>
/// For <c>dotnet ef</c>: builds the context without starting the host (which needs a broker) and with
/// the same naming convention as at run time.
/// </summary>
sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ProviderGatewayDbContext>
{
    public ProviderGatewayDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<ProviderGatewayDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=leaddialer_providergateway")
            .UseSnakeCaseNamingConvention()
            .Options);
}
