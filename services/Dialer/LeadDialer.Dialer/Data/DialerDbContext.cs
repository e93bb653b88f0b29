using LeadDialer.Dialer.Agents;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Settings;
using LeadDialer.Dialer.Throughput;
using LeadDialer.Messaging.Outbox;
using LeadDialer.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Data;

/// <summary>
/// The Dialer's schema. EF Core owns the tables and migrations; the saga repository reads and
/// writes <c>lead_sagas</c> with plain SQL (see <see cref="Saga.Persistence.LeadSagaQueries"/>).
/// </summary>
public sealed class DialerDbContext(DbContextOptions<DialerDbContext> options) : DbContext(options)
{
    public DbSet<LeadState> LeadSagas => Set<LeadState>();

    public DbSet<CallingSettings> CallingSettings => Set<CallingSettings>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<ComplianceSettings> ComplianceSettings => Set<ComplianceSettings>();

    public DbSet<DncEntry> DoNotCall => Set<DncEntry>();

    public DbSet<DncRemoval> DoNotCallRemovals => Set<DncRemoval>();

    public DbSet<NumberCall> NumberCalls => Set<NumberCall>();

    public DbSet<AuditEntry> DispatchAudit => Set<AuditEntry>();

    public DbSet<CallFigure> CallFigures => Set<CallFigure>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LeadState>(e =>
        {
            e.ToTable("lead_sagas");
            e.HasKey(s => s.CorrelationId);
            e.Property(s => s.CurrentState).HasMaxLength(32);
            e.Property(s => s.Lead).HasJsonbConversion();
            e.Property(s => s.LastError).HasJsonbConversion();
            e.Property(s => s.LastOutcome).HasConversion<string>().HasMaxLength(32);
            // An IANA name, or NULL for the account's default zone (see Schedule/LeadTimeZone); resolved
            // whenever the row is written.
            e.Property(s => s.TimeZone).HasMaxLength(64);
            e.Property(s => s.CompletedReason).HasMaxLength(200);
            // Generated from the lead's details, so every writer (the saga, the batch importer) keeps it right.
            e.Property(s => s.Phone).HasComputedColumnSql("lead->>'phone'", stored: true);
            e.Property(s => s.LastDecision).HasMaxLength(64);
            e.HasIndex(s => s.Phone).HasDatabaseName("ix_lead_sagas_phone");
            // The dispatcher's queries: oldest ready pending lead first, and the claimed/in-flight count.
            e.HasIndex(s => s.ReadyAt).HasFilter($"current_state = '{LeadStates.Pending}'").HasDatabaseName("ix_lead_sagas_pending_ready_at");
            e.HasIndex(s => s.RetryAt).HasFilter($"current_state = '{LeadStates.Retry}'").HasDatabaseName("ix_lead_sagas_retry_at");
            e.HasIndex(s => s.InProgressSince).HasFilter($"current_state = '{LeadStates.InProgress}' OR dial_requested_at IS NOT NULL").HasDatabaseName("ix_lead_sagas_in_flight");
        });

        modelBuilder.Entity<CallingSettings>(e =>
        {
            e.ToTable("calling_settings");
            e.HasKey(s => s.Id);
            e.Property(s => s.CallingDays).HasDefaultValueSql("'{1,2,3,4,5,6,7}'::integer[]");
            e.Property(s => s.CallingHoursStart).HasDefaultValue(9 * 60);
            e.Property(s => s.CallingHoursEnd).HasDefaultValue(20 * 60);
            e.Property(s => s.DefaultTimeZone).HasMaxLength(64).HasDefaultValue("UTC");
            e.HasData(Settings.CallingSettings.Defaults);
        });

        modelBuilder.Entity<Agent>(e =>
        {
            e.ToTable("agents");
            e.HasKey(a => a.AgentId);
            e.Property(a => a.Provider).HasMaxLength(16);
            e.Property(a => a.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<ComplianceSettings>(e =>
        {
            e.ToTable("compliance_settings");
            e.HasKey(s => s.Id);
            e.Property(s => s.OptOutAnalysisField).HasMaxLength(100);
            e.HasData(Compliance.ComplianceSettings.Defaults);
        });

        modelBuilder.Entity<DncEntry>(e =>
        {
            e.ToTable("dnc_numbers");
            e.HasKey(d => d.Phone);
            e.Property(d => d.Phone).HasMaxLength(32);
            e.Property(d => d.Reason).HasMaxLength(500);
            e.Property(d => d.Source).HasMaxLength(200);
        });

        // Removed entries leave dnc_numbers (so every check of the list stays "is it there") and
        // are kept here.
        modelBuilder.Entity<DncRemoval>(e =>
        {
            e.ToTable("dnc_removals");
            e.HasKey(d => d.Id);
            e.Property(d => d.Phone).HasMaxLength(32);
            e.Property(d => d.Reason).HasMaxLength(500);
            e.Property(d => d.Source).HasMaxLength(200);
            e.Property(d => d.RemovedBy).HasMaxLength(64);
            e.Property(d => d.RemovalReason).HasMaxLength(500);
            e.HasIndex(d => d.RemovedAt).HasDatabaseName("ix_dnc_removals_removed_at");
        });

        modelBuilder.Entity<NumberCall>(e =>
        {
            e.ToTable("number_calls");
            e.HasKey(c => c.Id);
            // The caps count a number's calls since a moment: (phone, called_at).
            e.HasIndex(c => new { c.Phone, c.CalledAt }).HasDatabaseName("ix_number_calls_phone_called_at");
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("dispatch_audit");
            e.HasKey(a => a.Id);
            e.Property(a => a.Decision).HasMaxLength(32);
            e.Property(a => a.Rule).HasMaxLength(64);
            e.Property(a => a.Detail).HasMaxLength(500);
            e.Property(a => a.LeadLocalTime).HasMaxLength(100);
            e.HasIndex(a => new { a.LeadId, a.Id }).HasDatabaseName("ix_dispatch_audit_lead");
            e.HasIndex(a => a.At).HasDatabaseName("ix_dispatch_audit_at");
        });

        modelBuilder.Entity<CallFigure>(e =>
        {
            e.ToTable("call_figures");
            e.HasKey(c => c.CallAttemptId);
            // The calculator reads the last 7 days; the consumer prunes what is older.
            e.HasIndex(c => c.EndedAt).HasDatabaseName("ix_call_figures_ended_at");
        });

        modelBuilder.AddOutbox();
    }
}
