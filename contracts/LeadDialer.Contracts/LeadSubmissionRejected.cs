using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// A <see cref="SubmitLead"/> was not applied because it is invalid; nothing was stored.
/// <paramref name="Errors"/> has the same keys and messages as the API's problem details
/// (<c>name</c>, <c>email</c>, <c>customFields.job_title</c>, …), each saying how to fix it.
/// </summary>
[MessageUrn("leaddialer:lead-submission-rejected:v1")]
public sealed record LeadSubmissionRejected(
    string SubmissionId,
    Guid? LeadId,
    IReadOnlyDictionary<string, string[]> Errors,
    DateTimeOffset RejectedAt);
