using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LeadDialer.IntegrationTests;

/// <summary>The migration that ends the "not resolved yet" zone: rows written before it get a zone or the account default.</summary>
public sealed class LeadTimeZoneMigrationSpecs
{
    [Fact]
    public async Task Rows_without_a_resolved_zone_get_the_leads_own_zone_or_the_account_default()
    {
        await using var database = await TestDatabase.Create("tz_migration");
        await using var db = DialerDatabase.Context(database.ConnectionString);
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
        await migrator.MigrateAsync("20261204014159_ThroughputCallFigures");
        await database.Scalar<int>(
            """
            WITH i AS (
                INSERT INTO lead_sagas (correlation_id, current_state, version, lead, attempts, max_attempts, retry_delay, ready_at, temporary_failures, updated_at, time_zone)
                SELECT id, 'Pending', 1, lead::jsonb, 0, 0, interval '0', now(), 0, now(), zone
                FROM (VALUES
                    ('00000000-0000-0000-0000-000000000001'::uuid, '{"phone":"+12125550100","timezone":" Europe/London "}', NULL),
                    ('00000000-0000-0000-0000-000000000002'::uuid, '{"phone":"+12125550100","timezone":"Mars/Olympus"}', NULL),
                    ('00000000-0000-0000-0000-000000000003'::uuid, '{"phone":"+12125550100"}', ''),
                    ('00000000-0000-0000-0000-000000000004'::uuid, '{"phone":"+8801977317066"}', 'Asia/Dhaka')) AS v(id, lead, zone)
                RETURNING 1)
            SELECT count(*)::int FROM i
            """);

        await db.Database.MigrateAsync();

        Assert.Equal(
            "Europe/London|-|-|Asia/Dhaka",
            await database.Scalar<string>("SELECT string_agg(COALESCE(time_zone, '-'), '|' ORDER BY correlation_id) FROM lead_sagas"));
    }
}
