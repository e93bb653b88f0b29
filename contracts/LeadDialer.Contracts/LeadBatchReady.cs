using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// Many leads with valid phone numbers are ready to be called at once: a bulk import's hand-over
/// to the Dialer, one message per batch instead of one <see cref="LeadReady"/> per lead. Each lead
/// means exactly what its <see cref="LeadReady"/> would; <paramref name="BatchId"/> is derived from
/// the import and the batch, so a batch written twice is the same batch.
/// </summary>
[MessageUrn("leaddialer:lead-batch-ready:v1")]
public sealed record LeadBatchReady(Guid BatchId, IReadOnlyList<LeadReady> Leads);
