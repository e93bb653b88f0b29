using LeadDialer.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Import.Data;

/// <summary>The Import service's own database: import jobs, their progress and their rejected rows. Leads live in the Leads database.</summary>
public sealed class ImportDbContext(DbContextOptions<ImportDbContext> options) : DbContext(options)
{
    public DbSet<ImportJob> Imports => Set<ImportJob>();

    public DbSet<RejectedRow> RejectedRows => Set<RejectedRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ImportJob>(e =>
        {
            e.ToTable("imports");
            e.HasKey(i => i.Id);
            e.Property(i => i.FileName).HasMaxLength(260);
            e.Property(i => i.Encoding).HasMaxLength(32);
            e.Property(i => i.Separator).HasMaxLength(4);
            e.Property(i => i.Status).HasMaxLength(16);
            e.Property(i => i.DuplicatePolicy).HasMaxLength(16);
            e.Property(i => i.DefaultRegion).HasMaxLength(8);
            e.Property(i => i.Headers).HasJsonbConversion();
            e.Property(i => i.SampleRows).HasJsonbConversion();
            e.Property(i => i.SuggestedMapping).HasJsonbConversion();
            e.Property(i => i.Mapping).HasJsonbConversion();
            e.Property(i => i.Preview).HasColumnType("jsonb");
            e.HasIndex(i => i.CreatedAt);
            e.HasIndex(i => i.Status).HasFilter("status = 'running'");
        });

        modelBuilder.Entity<RejectedRow>(e =>
        {
            e.ToTable("rejected_rows");
            e.HasKey(r => new { r.ImportId, r.RowNumber });
            e.Property(r => r.Fields).HasJsonbConversion();
        });
    }
}

/// <summary>For <c>dotnet ef</c>: builds the context without starting the host, with the run-time naming convention.</summary>
sealed class DesignTimeDbContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<ImportDbContext>
{
    public ImportDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<ImportDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=leaddialer_import")
            .UseSnakeCaseNamingConvention()
            .Options);
}
