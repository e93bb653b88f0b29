using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// A lead has been in-progress longer than the stale-call limit (the guide: 2 hours) with no word
/// from the provider; the Dialer treats the call as a temporary failure.
/// </summary>
[MessageUrn("leaddialer:call-timed-out:v1")]
public sealed record CallTimedOut(Guid LeadId, int Attempt, Guid CallAttemptId);
