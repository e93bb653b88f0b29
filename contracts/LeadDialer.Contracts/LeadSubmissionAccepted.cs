using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>A <see cref="SubmitLead"/> was applied.</summary>
/// <param name="Created">True when the lead was added, false when an existing lead was updated (or the submission was a repeat).</param>
/// <param name="Status">The lead's status after the submission (<see cref="LeadStatus"/>): <c>failed</c> for a new lead with a malformed phone.</param>
[MessageUrn("leaddialer:lead-submission-accepted:v1")]
public sealed record LeadSubmissionAccepted(string SubmissionId, Guid LeadId, bool Created, string Status, DateTimeOffset AcceptedAt);
