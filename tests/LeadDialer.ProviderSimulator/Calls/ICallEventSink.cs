namespace LeadDialer.ProviderSimulator.Calls;

/// <summary>How a provider tells the customer about a call's progress (Retell: signed webhooks).</summary>
public interface ICallEventSink
{
    Task OnStartedAsync(SimulatedCall call, CancellationToken cancellationToken);

    Task OnEndedAsync(SimulatedCall call, CancellationToken cancellationToken);
}
