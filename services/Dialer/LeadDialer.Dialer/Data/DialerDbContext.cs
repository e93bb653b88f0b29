using LeadDialer.Dialer.Agents;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Settings;
using LeadDialer.ServiceDefaults.Outbox;
using LeadDialer.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Data;

/// <summary>
/// The Dialer's schema. EF Core owns the tables and migrations; the saga repository reads and
/// writes <c>lead_sagas</c> with plain SQL (see <see cref="Saga.Persistence.LeadSagaTable"/>).
/// </summary>
public sealed class DialerDbContext(DbContextOptions<DialerDbContext> options) : DbContext(options)
{
    public DbSet<LeadState> LeadSagas => Set<LeadState>();

    public DbSet<CallingSettings> CallingSettings => Set<CallingSettings>();

    public DbSet<Agent> Agents => Set<Agent>();

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
            // NULL: not resolved yet (rows written by a bulk insert); the dispatcher fills it in.
            // "": the account's default zone. Otherwise an IANA name (see Schedule/LeadTimeZone).
            e.Property(s => s.TimeZone).HasMaxLength(64);
            e.Property(s => s.CompletedReason).HasMaxLength(200);
            e.HasIndex(s => s.CorrelationId).HasFilter("time_zone IS NULL").HasDatabaseName("ix_lead_sagas_time_zone_unresolved");
            // The dispatcher's queries: oldest ready pending lead first, and the claimed/in-flight count.
            e.HasIndex(s => s.ReadyAt).HasFilter("current_state = 'Pending'").HasDatabaseName("ix_lead_sagas_pending_ready_at");
            e.HasIndex(s => s.RetryAt).HasFilter("current_state = 'Retry'").HasDatabaseName("ix_lead_sagas_retry_at");
            e.HasIndex(s => s.InProgressSince).HasFilter("current_state = 'InProgress' OR dial_requested_at IS NOT NULL").HasDatabaseName("ix_lead_sagas_in_flight");
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

        modelBuilder.AddOutbox();
    }
}
