using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Events;
using LeadDialer.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Leads.Calls;

/// <summary>
/// Builds each lead's call history from the call events. Every message is an upsert keyed by the
/// call attempt that only fills in what it knows, so the events may arrive in any order (a
/// <see cref="CallEnded"/> before its <see cref="CallStarted"/>) and any number of times.
/// A call's result is announced on the event stream once, when it is first recorded.
/// </summary>
public sealed class CallHistoryConsumer(LeadsDbContext db, LeadEventWriter events, TimeProvider clock)
    : IConsumer<CallStarted>, IConsumer<CallEnded>, IConsumer<CallFailed>, IConsumer<CallAnalyzed>
{
    public async Task Consume(ConsumeContext<CallStarted> context)
    {
        var m = context.Message;
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO lead_calls (call_attempt_id, lead_id, attempt, provider, provider_call_id, started_at, recorded_at)
            VALUES ({m.CallAttemptId}, {m.LeadId}, {m.Attempt}, {m.Provider}, {m.ProviderCallId}, {m.StartedAt}, {clock.GetUtcNow()})
            ON CONFLICT (call_attempt_id) DO UPDATE SET
                provider_call_id = coalesce(lead_calls.provider_call_id, excluded.provider_call_id),
                started_at = coalesce(lead_calls.started_at, excluded.started_at)
            """,
            context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<CallEnded> context)
    {
        var m = context.Message;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var recorded = await db.Database.SqlQuery<Guid>(
            $"""
            INSERT INTO lead_calls (call_attempt_id, lead_id, attempt, provider, provider_call_id, started_at, ended_at, duration_ms,
                                    outcome, ended_reason, transcript, recording_url, summary, recorded_at)
            VALUES ({m.CallAttemptId}, {m.LeadId}, {m.Attempt}, {m.Provider}, {m.ProviderCallId}, {m.StartedAt}, {m.EndedAt}, {m.DurationMs},
                    {m.Outcome.ToString()}, {m.EndedReason}, {m.Transcript}, {m.RecordingUrl}, {m.Summary}, {clock.GetUtcNow()})
            ON CONFLICT (call_attempt_id) DO UPDATE SET
                provider_call_id = coalesce(excluded.provider_call_id, lead_calls.provider_call_id),
                started_at = coalesce(lead_calls.started_at, excluded.started_at),
                ended_at = excluded.ended_at,
                duration_ms = excluded.duration_ms,
                outcome = excluded.outcome,
                ended_reason = excluded.ended_reason,
                transcript = coalesce(excluded.transcript, lead_calls.transcript),
                recording_url = coalesce(excluded.recording_url, lead_calls.recording_url),
                summary = coalesce(lead_calls.summary, excluded.summary)
            WHERE lead_calls.outcome IS NULL
            RETURNING call_attempt_id AS "Value"
            """).ToListAsync(context.CancellationToken);

        if (recorded.Count > 0)
        {
            events.CallEnded(m, clock.GetUtcNow());
            await db.SaveChangesAsync(context.CancellationToken);
        }

        await transaction.CommitAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<CallFailed> context)
    {
        var m = context.Message;
        var error = JsonSerializer.Serialize(m.Error, LeadDialerJson.Options);
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var recorded = await db.Database.SqlQuery<Guid>(
            $"""
            INSERT INTO lead_calls (call_attempt_id, lead_id, attempt, provider, error, recorded_at)
            VALUES ({m.CallAttemptId}, {m.LeadId}, {m.Attempt}, {m.Provider}, {error}::jsonb, {clock.GetUtcNow()})
            ON CONFLICT (call_attempt_id) DO UPDATE SET error = excluded.error
            WHERE lead_calls.error IS NULL
            RETURNING call_attempt_id AS "Value"
            """).ToListAsync(context.CancellationToken);

        if (recorded.Count > 0)
        {
            events.CallFailed(m, clock.GetUtcNow());
            await db.SaveChangesAsync(context.CancellationToken);
        }

        await transaction.CommitAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<CallAnalyzed> context)
    {
        // The provider's analysis is the fuller summary: it wins over one that came with CallEnded.
        var m = context.Message;
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO lead_calls (call_attempt_id, lead_id, attempt, provider, provider_call_id, summary, sentiment, voicemail_detected, recorded_at)
            VALUES ({m.CallAttemptId}, {m.LeadId}, {m.Attempt}, {m.Provider}, {m.ProviderCallId}, {m.Summary}, {m.Sentiment}, {m.VoicemailDetected}, {clock.GetUtcNow()})
            ON CONFLICT (call_attempt_id) DO UPDATE SET
                provider_call_id = coalesce(lead_calls.provider_call_id, excluded.provider_call_id),
                summary = coalesce(excluded.summary, lead_calls.summary),
                sentiment = coalesce(excluded.sentiment, lead_calls.sentiment),
                voicemail_detected = coalesce(excluded.voicemail_detected, lead_calls.voicemail_detected)
            """,
            context.CancellationToken);
    }
}
