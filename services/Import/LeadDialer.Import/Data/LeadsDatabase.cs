using Npgsql;

namespace LeadDialer.Import.Data;

/// <summary>
/// The Leads service's database, written in bulk (ADR 0003): the <c>leads</c> table with today's
/// columns, and its <c>outbox_messages</c> for the hand-over to the Dialer.
/// </summary>
public sealed class LeadsDatabase(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource => dataSource;
}
