using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Messaging;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Leads.Events;

/// <summary>Adds <c>lead_events</c> rows to the DbContext's pending changes, so they commit with the change they describe.</summary>
public sealed class LeadEventWriter(LeadsDbContext db)
{
    public void StatusChanged(Lead lead, DateTimeOffset at) => Add(LeadEventTypes.StatusChanged, lead.Id, lead.Status, at, new
    {
        leadId = lead.Id,
        status = lead.Status,
        attempts = lead.Attempts,
        lastOutcome = lead.LastOutcome,
        lastError = lead.LastError,
        nextRetryAt = lead.NextRetryAt,
        changedAt = at,
    });

    public void StatusChanged(LeadStatusChanged m) => Add(LeadEventTypes.StatusChanged, m.LeadId, m.Status, m.ChangedAt, new
    {
        leadId = m.LeadId,
        status = m.Status,
        attempts = m.Attempts,
        lastOutcome = m.LastOutcome,
        lastError = m.LastError,
        nextRetryAt = m.NextRetryAt,
        changedAt = m.ChangedAt,
    });

    public void CallEnded(CallEnded m, DateTimeOffset at) => Add(LeadEventTypes.CallResult, m.LeadId, null, at, new
    {
        leadId = m.LeadId,
        callAttemptId = m.CallAttemptId,
        attempt = m.Attempt,
        provider = m.Provider,
        providerCallId = m.ProviderCallId,
        outcome = m.Outcome,
        endedReason = m.EndedReason,
        durationMs = m.DurationMs,
        endedAt = m.EndedAt,
    });

    public void CallFailed(CallFailed m, DateTimeOffset at) => Add(LeadEventTypes.CallResult, m.LeadId, null, at, new
    {
        leadId = m.LeadId,
        callAttemptId = m.CallAttemptId,
        attempt = m.Attempt,
        provider = m.Provider,
        error = m.Error,
        providerStatusCode = m.ProviderStatusCode,
    });

    public void Deleted(Guid leadId, DateTimeOffset at) => Add(LeadEventTypes.Deleted, leadId, null, at, new { leadId, deletedAt = at });

    void Add(string type, Guid leadId, string? status, DateTimeOffset at, object data) => db.LeadEvents.Add(new LeadEvent
    {
        Type = type,
        LeadId = leadId,
        Status = status,
        Data = JsonSerializer.Serialize(data, LeadDialerJson.Options),
        OccurredAt = at,
    });
}
