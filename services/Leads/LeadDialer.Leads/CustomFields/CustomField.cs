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

/// <summary>The types a custom field can have, as spelled on the wire.</summary>
public static class CustomFieldTypes
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Date = "date";
    public const string Boolean = "boolean";

    public static readonly IReadOnlyList<string> All = [Text, Number, Date, Boolean];
}
