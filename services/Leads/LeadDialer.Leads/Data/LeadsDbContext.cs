using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults.Messaging;
using LeadDialer.ServiceDefaults.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace LeadDialer.Leads.Data;

public sealed class LeadsDbContext(DbContextOptions<LeadsDbContext> options) : DbContext(options)
{
    static readonly JsonSerializerOptions Json = MessagingExtensions.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

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
            e.Property(l => l.CustomFields).HasColumnType("jsonb").HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, Json) ?? new(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                    v => new Dictionary<string, string>(v)));
            e.Property(l => l.LastError).HasColumnType("jsonb").HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, Json),
                v => v == null ? null : JsonSerializer.Deserialize<LeadError>(v, Json));
            e.HasIndex(l => l.Phone);
            e.HasIndex(l => new { l.Status, l.CreatedAt });
        });

        modelBuilder.AddOutbox();
    }
}
