using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ProviderGateway.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>
/// A call that ended on an account or configuration problem (Retell's no_valid_payment or
/// sip_routing_error, Vapi's call.start.error-subscription-* or assistant-not-found, …) pauses the
/// agent it was placed with, as a refused create does: the next leads would end the same way.
/// Idempotent: an agent already paused stays paused with its first reason.
/// </summary>
public sealed class PauseOnAccountErrorConsumer(ProviderGatewayDbContext db, TimeProvider time, ILogger<PauseOnAccountErrorConsumer> logger) : IConsumer<CallEnded>
{
    public async Task Consume(ConsumeContext<CallEnded> context)
    {
        var ended = context.Message;
        if (ended.Outcome != CallOutcome.PermanentFailure)
        {
            return;
        }

        var agentId = await db.ProviderCalls.AsNoTracking()
            .Where(c => c.CallAttemptId == ended.CallAttemptId)
            .Select(c => c.AgentId)
            .SingleOrDefaultAsync(context.CancellationToken);
        var agent = agentId is null ? null : await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, context.CancellationToken);
        if (agent is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        AgentPauses.Pause(db, [agent], Reason(ended.EndedReason), now, logger);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The guide's words for the provider's end reason.</summary>
    internal static string Reason(string? endedReason)
    {
        var reason = endedReason ?? string.Empty;
        bool Has(string word) => reason.Contains(word, StringComparison.OrdinalIgnoreCase);
        if (Has("payment") || Has("subscription") || Has("credits") || Has("wallet"))
        {
            return GuideErrors.PaymentRequired.Reason;
        }

        if (Has("assistant"))
        {
            return GuideErrors.AgentOrAssistantNotFound.Reason;
        }

        // The caller number or its telephony (SIP routing, carrier permissions, international calling).
        return GuideErrors.AgentPhoneNumberConfigurationError.Reason;
    }
}
