namespace LeadDialer.Import.Rows;

public enum RowKind
{
    /// <summary>Becomes a pending lead.</summary>
    Lead,

    /// <summary>Becomes a failed lead: "Invalid phone number format".</summary>
    InvalidPhone,

    /// <summary>Does not become a lead: a required value is missing or a value is not valid.</summary>
    Rejected,
}

/// <summary>One data row of the file, read through the mapping.</summary>
public sealed class LeadRow
{
    /// <summary>As a spreadsheet numbers it: the header is row 1.</summary>
    public long Row { get; init; }

    public RowKind Kind { get; set; }

    public string Name { get; set; } = "";

    /// <summary>E.164 for a valid phone; as written otherwise.</summary>
    public string Phone { get; set; } = "";

    /// <summary>The phone as written, when it was rewritten to E.164 with the default region.</summary>
    public string? OriginalPhone { get; set; }

    /// <summary>What the phone check found: why a possible number may not be reachable, or why an invalid one is not valid (<see cref="Rules.PhoneNumber"/>).</summary>
    public string? PhoneWarning { get; set; }

    public ulong PhoneKey { get; set; }

    public string Email { get; set; } = "";

    public string? Company { get; set; }

    public string? Timezone { get; set; }

    public Dictionary<string, string> CustomFields { get; } = [];

    public string? Reason { get; set; }

    public string[] Fields { get; init; } = [];
}
