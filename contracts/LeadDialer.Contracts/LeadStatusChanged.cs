using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>The Dialer's saga moved a lead to a new status. Consumers keep the highest <paramref name="Version"/> seen.</summary>
/// <param name="Status">One of <see cref="LeadStatus"/>.</param>
/// <param name="Attempts">Calls actually placed so far.</param>
/// <param name="Version">Grows by one with every change of the lead's saga; orders redelivered or reordered events.</param>
[MessageUrn("leaddialer:lead-status-changed:v1")]
public sealed record LeadStatusChanged(
    Guid LeadId,
    string Status,
    int Attempts,
    int Version,
    DateTimeOffset ChangedAt,
    DateTimeOffset? NextRetryAt,
    CallOutcome? LastOutcome,
    LeadError? LastError);
