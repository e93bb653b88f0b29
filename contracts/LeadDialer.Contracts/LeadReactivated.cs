using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// The user fixed a failed lead and changed its status back to <c>pending</c> (the guide's
/// "fix and reactivate"). The Dialer moves its failed lead to pending with these details and a
/// fresh attempts counter; a lead that is not failed there is left as it is.
/// </summary>
[MessageUrn("leaddialer:lead-reactivated:v1")]
public sealed record LeadReactivated(Guid LeadId, LeadDetails Lead, DateTimeOffset ReactivatedAt);
