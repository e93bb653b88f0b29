using LeadDialer.ProviderGateway.Agents;
using LeadDialer.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LeadDialer.ProviderGateway.Data;

public sealed class ProviderGatewayDbContext(DbContextOptions<ProviderGatewayDbContext> options) : DbContext(options)
{
    public DbSet<ProviderCall> ProviderCalls => Set<ProviderCall>();

    public DbSet<Agent> Agents => Set<Agent>();

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
            e.Property(c => c.Resolution).HasMaxLength(500);
            e.Property(c => c.LastCheck).HasMaxLength(500);
            e.HasIndex(c => c.LeadId);
            e.HasIndex(c => c.Status).HasFilter("status in ('Requested', 'Unresolved')");
            // The reconciler's work: started calls whose outcome has not come.
            e.HasIndex(c => c.CompletedAt).HasFilter("status = 'Started' AND outcome_known_at IS NULL").HasDatabaseName("ix_provider_calls_outcome_pending");
        });
        modelBuilder.Entity<Agent>(e =>
        {
            e.ToTable("agents");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedNever();
            e.Property(a => a.Name).HasMaxLength(AgentValidation.MaxNameLength);
            e.Property(a => a.Provider).HasMaxLength(32);
            e.Property(a => a.ExternalAgentId).HasMaxLength(AgentValidation.MaxIdLength);
            e.Property(a => a.FromNumber).HasMaxLength(32);
            e.Property(a => a.AssistantId).HasMaxLength(AgentValidation.MaxIdLength);
            e.Property(a => a.PhoneNumberId).HasMaxLength(AgentValidation.MaxIdLength);
            e.Property(a => a.PausedReason).HasMaxLength(500);
            e.Property(a => a.VoiceId).HasMaxLength(AgentValidation.MaxIdLength);
            e.Property(a => a.InlineLlmId).HasMaxLength(AgentValidation.MaxIdLength);
            e.Property(a => a.InlineAgentId).HasMaxLength(AgentValidation.MaxIdLength);
            // Agents saved before assistants were read have found none yet.
            e.Property(a => a.AssistantPlaceholders).HasDefaultValueSql("'{}'");
            e.Property(a => a.ProviderError).HasMaxLength(AgentValidation.MaxProviderErrorLength);
            e.Property(a => a.Version).IsRowVersion();
            e.HasIndex(a => a.CreatedAt);
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
