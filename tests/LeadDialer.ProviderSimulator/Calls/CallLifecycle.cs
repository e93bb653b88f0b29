using LeadDialer.ProviderSimulator.Outcomes;
using LeadDialer.ProviderSimulator.Stats;
using Microsoft.Extensions.Options;

namespace LeadDialer.ProviderSimulator.Calls;

/// <summary>
/// Plays a created call in the background: ring, maybe talk, end, and reports each step to the
/// provider's sink. Provider-neutral, so a Vapi sink can reuse the same timing.
/// </summary>
public sealed class CallLifecycle(
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    SimulatorStats stats,
    IHostApplicationLifetime lifetime,
    ILogger<CallLifecycle> logger)
{
    public void Start(SimulatedCall call, ICallEventSink sink)
    {
        // Fire and forget on purpose: the create request must answer at once, like the real API.
        _ = Task.Run(() => RunAsync(call, sink, lifetime.ApplicationStopping));
    }

    private async Task RunAsync(SimulatedCall call, ICallEventSink sink, CancellationToken ct)
    {
        var ring = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.RingMilliseconds));
        var talk = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.TalkMilliseconds));
        Task started = Task.CompletedTask;
        try
        {
            await Task.Delay(ring, time, ct);

            if (call.Outcome.Connects())
            {
                call.MarkStarted(time.GetUtcNow());
                // Not awaited before the talk timer: a slow or failing receiver must not stretch the call.
                started = Task.Run(() => sink.OnStartedAsync(call, ct), ct);
                await Task.Delay(talk, time, ct);
            }
            else if (call.Outcome == CallOutcome.LostWebhook)
            {
                // Placed and talked, but the provider never reports it.
                call.MarkStarted(time.GetUtcNow());
                await Task.Delay(talk, time, ct);
            }

            call.MarkEnded(time.GetUtcNow());
            // The call stops counting as active the moment its end is reported (or, if lost, happens).
            stats.CallEnded(call.CallId);

            if (call.Outcome != CallOutcome.LostWebhook)
                await sink.OnEndedAsync(call, ct);
            await started;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: nothing to report to.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Lifecycle of call {CallId} failed", call.CallId);
            stats.CallEnded(call.CallId);
        }
    }
}
