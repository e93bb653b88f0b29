using LeadDialer.Contracts;

namespace LeadDialer.Leads.Data;

/// <summary>A lead as the user entered it, with its calling status as last reported by the Dialer.</summary>
public sealed class Lead
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>E.164 when valid; as entered when not (the lead is then <c>failed</c>).</summary>
    public required string Phone { get; set; }

    /// <summary>
    /// What the phone check found (<see cref="Rules.PhoneNumber"/>): on a pending lead, why a possible
    /// number may not be reachable (e.g. +15551234567, a 555 number); on a lead failed with
    /// "Invalid phone number format", why the number is not valid. Null for a number in an assigned range.
    /// </summary>
    public string? PhoneWarning { get; set; }

    public required string Email { get; set; }

    public string? Company { get; set; }

    /// <summary>IANA time zone name.</summary>
    public string? Timezone { get; set; }

    public Dictionary<string, string> CustomFields { get; set; } = [];

    /// <summary>One of <see cref="LeadStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Calls actually placed.</summary>
    public int Attempts { get; set; }

    /// <summary>The <see cref="LeadStatusChanged.Version"/> this row reflects; older or repeated events are ignored.</summary>
    public int StatusVersion { get; set; }

    public CallOutcome? LastOutcome { get; set; }

    public LeadError? LastError { get; set; }

    public DateTimeOffset? NextRetryAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The client's <c>Idempotency-Key</c> (or a bus submission's id) the lead was added with.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>
    /// Lower-cased name, phone, email and company: what free-text search looks in. Computed by
    /// PostgreSQL (a stored generated column), so bulk imports that COPY rows get it too.
    /// </summary>
    public string? SearchText { get; private set; }

    /// <summary>Where the person's consent to be called was captured (compliance, issue 9).</summary>
    public string? ConsentSource { get; set; }

    /// <summary>When consent was captured; the Dialer's "require consent" setting dials only leads that have it.</summary>
    public DateTimeOffset? ConsentCapturedAt { get; set; }

    public LeadDetails ToDetails() => new(Name, Phone, Email, Company, Timezone, CustomFields, ConsentSource, ConsentCapturedAt);
}
