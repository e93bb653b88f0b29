using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Dialer.Data;
using LeadDialer.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Dialer.Compliance;

/// <summary>
/// Opt-outs from the call itself: when the provider's analysis data (Retell
/// <c>custom_analysis_data</c> on <see cref="CallAnalyzed"/>, Vapi <c>structuredData</c> on
/// <see cref="CallEnded"/>) has the configured field set, or the transcript contains one of the
/// configured phrases, the number goes on the do-not-call list (source "call &lt;id&gt;") and
/// <see cref="LeadOptedOut"/> tells the saga to end the lead "Opted out" — in one transaction.
/// Every other lead with the number is then failed by the dispatcher's do-not-call check before
/// it is dialled. Idempotent: a repeated event finds the number listed and announces nothing new.
/// </summary>
public sealed class OptOutConsumer(DialerDbContext db, OutboxSignal outbox, TimeProvider clock, ILogger<OptOutConsumer> logger) :
    IConsumer<CallEnded>, IConsumer<CallAnalyzed>
{
    public const string Reason = "Opted out";

    public Task Consume(ConsumeContext<CallEnded> context) =>
        Handle(context.Message.LeadId, context.Message.ProviderCallId, context.Message.AnalysisData, context.Message.Transcript, context.CancellationToken);

    public Task Consume(ConsumeContext<CallAnalyzed> context) =>
        Handle(context.Message.LeadId, context.Message.ProviderCallId, context.Message.AnalysisData, context.Message.Transcript, context.CancellationToken);

    async Task Handle(Guid leadId, string providerCallId, string? analysisData, string? transcript, CancellationToken cancellationToken)
    {
        if (analysisData is null && string.IsNullOrEmpty(transcript))
        {
            return;
        }

        var settings = await db.ComplianceSettings.AsNoTracking().SingleAsync(s => s.Id == ComplianceSettings.SingletonId, cancellationToken);
        var rules = ComplianceRules.From(settings);
        if (OptOutDetector.Detect(rules, analysisData, transcript) is not { } evidence)
        {
            return;
        }

        var phone = await db.LeadSagas.AsNoTracking().Where(s => s.CorrelationId == leadId).Select(s => s.Phone).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(phone))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var source = $"call {providerCallId}";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var listed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO dnc_numbers (phone, reason, source, added_at) VALUES ({phone}, {$"{Reason}: {evidence}"}, {source}, {now}) ON CONFLICT (phone) DO NOTHING",
            cancellationToken);
        if (listed == 0 && await db.DoNotCall.AnyAsync(d => d.Phone == phone && d.Source == source, cancellationToken))
        {
            // This call's opt-out was handled already (a redelivery, or both CallEnded and CallAnalyzed carried it).
            return;
        }

        db.DispatchAudit.Add(new AuditEntry
        {
            LeadId = leadId,
            At = now,
            Decision = "opted-out",
            Detail = $"{Reason} during call {providerCallId} ({evidence}); {phone} put on the do-not-call list",
        });
        db.AddOutboxMessage(new LeadOptedOut(leadId, phone, providerCallId, now), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Notify();
        logger.LogInformation("Lead {LeadId} opted out during call {ProviderCallId} ({Evidence}); {Phone} is on the do-not-call list", leadId, providerCallId, evidence, phone);
    }
}

/// <summary>Reads an opt-out from a call's analysis data and transcript, as the compliance settings configure it.</summary>
public static class OptOutDetector
{
    /// <returns>What showed the opt-out (e.g. "analysis field opted_out", "transcript: \"stop calling\""), or null.</returns>
    public static string? Detect(ComplianceRules rules, string? analysisData, string? transcript)
    {
        if (rules.OptOutAnalysisField is { } field && analysisData is not null && IsSet(analysisData, field))
        {
            return $"analysis field {field}";
        }

        if (!string.IsNullOrEmpty(transcript))
        {
            foreach (var phrase in rules.OptOutPhrases)
            {
                if (transcript.Contains(phrase, StringComparison.OrdinalIgnoreCase))
                {
                    return $"transcript: \"{phrase}\"";
                }
            }
        }

        return null;
    }

    static bool IsSet(string json, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(field, out var value))
            {
                return false;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.String => value.GetString()?.Trim().ToLowerInvariant() is "true" or "yes" or "1",
                JsonValueKind.Number => value.TryGetInt32(out var n) && n != 0,
                _ => false,
            };
        }
        catch (JsonException)
        {
            // Malformed analysis data says nothing; the transcript may still.
            return false;
        }
    }
}
