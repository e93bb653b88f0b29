using LeadDialer.Import.Data;
using LeadDialer.Import.Rows;
using Npgsql;

namespace LeadDialer.Import.Leads;

/// <summary>The normalized phones of the leads already stored, as integer keys: what "duplicate of an existing lead" is checked against.</summary>
public static class ExistingPhones
{
    /// <param name="exclude">An id range not to count (this import's own leads, when it resumes).</param>
    public static async Task<HashSet<ulong>> Load(LeadsDatabase leads, (Guid From, Guid To)? exclude, CancellationToken cancellationToken)
    {
        var keys = new HashSet<ulong>();
        await using var command = leads.DataSource.CreateCommand(exclude is null
            ? "SELECT phone FROM leads"
            : "SELECT phone FROM leads WHERE id < $1 OR id > $2");
        if (exclude is { } range)
        {
            command.Parameters.Add(new() { Value = range.From });
            command.Parameters.Add(new() { Value = range.To });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (PhoneKeys.KeyOfStored(reader.GetString(0)) is var key and > 0)
            {
                keys.Add(key);
            }
        }

        return keys;
    }
}
