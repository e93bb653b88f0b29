using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.ProviderGateway.Reconciliation;

/// <summary>A call's outcome was published (by webhook or by asking): nobody asks the provider about it again.</summary>
public sealed class OutcomeKnownConsumer(ProviderGatewayDbContext db, TimeProvider time) : IConsumer<CallEnded>
{
    public Task Consume(ConsumeContext<CallEnded> context) =>
        db.ProviderCalls
            .Where(c => c.CallAttemptId == context.Message.CallAttemptId && c.OutcomeKnownAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.OutcomeKnownAt, time.GetUtcNow()), context.CancellationToken);
}
