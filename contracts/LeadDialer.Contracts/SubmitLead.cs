using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// Command for internal systems: add a lead, or update one, through the same validation as
/// <c>POST /api/leads</c> and <c>PATCH /api/leads/{id}</c>. Publish it (or send it to the
/// <c>leads-submit-lead</c> queue). The Leads service answers with <see cref="LeadSubmissionAccepted"/>
/// or <see cref="LeadSubmissionRejected"/>, published with the same <paramref name="SubmissionId"/>.
/// </summary>
/// <param name="SubmissionId">The sender's id for this submission; the same id twice adds the lead once (like the API's <c>Idempotency-Key</c>).</param>
/// <param name="LeadId">Null or unknown: add a lead (with this id when given). Known: update it; null fields are left unchanged.</param>
/// <param name="Phone">E.164, e.g. <c>+12125551234</c>. A new lead with a malformed phone is stored as <c>failed</c>, as in the API.</param>
/// <param name="CustomFields">Values of custom fields defined in <c>/api/custom-fields</c>, as text (numbers invariant, dates <c>yyyy-MM-dd</c>, booleans <c>true</c>/<c>false</c>); a null value clears the field on update.</param>
[MessageUrn("leaddialer:submit-lead:v1")]
public sealed record SubmitLead(
    string SubmissionId,
    Guid? LeadId,
    string? Name,
    string? Phone,
    string? Email,
    string? Company = null,
    string? Timezone = null,
    IReadOnlyDictionary<string, string?>? CustomFields = null);
