using MassTransit;

namespace LeadDialer.Dialer.Saga;

/// <summary>The saga endpoint's tuning.</summary>
public sealed class LeadStateSagaDefinition : SagaDefinition<LeadState>
{
    /// <summary>Each in-flight message holds a pooled connection while it waits for its lead's row lock; keep below the pool size.</summary>
    public const int ConcurrentMessages = 16;

    public LeadStateSagaDefinition() => ConcurrentMessageLimit = ConcurrentMessages;
}
