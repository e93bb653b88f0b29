using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// The Dialer's dispatcher has claimed a calling slot for a pending lead: call it now, under the
/// calling configuration in force at that moment.
/// </summary>
/// <param name="ClaimedAt">Identifies the claim; a claim that expired (see the dispatcher) no longer dials.</param>
/// <param name="AgentId">The agent selected in the calling configuration when the slot was claimed.</param>
/// <param name="Blocked">
/// Set when a compliance rule forbids calling the lead for good (its number is on the do-not-call
/// list): the saga fails the lead with this error instead of dialling.
/// </param>
[MessageUrn("leaddialer:dial-lead:v1")]
public sealed record DialLead(Guid LeadId, int MaxAttempts, TimeSpan RetryDelay, DateTimeOffset ClaimedAt, Guid? AgentId = null, LeadError? Blocked = null);
