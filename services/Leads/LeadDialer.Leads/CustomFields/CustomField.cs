using LeadDialer.Contracts.CustomFields;

namespace LeadDialer.Leads.CustomFields;

/// <summary>A field of the user's own ("Settings → Custom Fields"), sent to Retell as a dynamic variable and usable as a Vapi placeholder.</summary>
public sealed class CustomField
{
    /// <summary>Grows with every field created: the created order.</summary>
    public long Id { get; set; }

    /// <summary>Letters, digits and underscores; case-sensitive, as Vapi placeholders are.</summary>
    public required string Name { get; set; }

    /// <summary>One of <see cref="CustomFieldTypes"/>.</summary>
    public required string Type { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
