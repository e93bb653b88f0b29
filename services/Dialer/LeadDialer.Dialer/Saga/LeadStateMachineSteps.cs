using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.Messaging.Outbox;
using MassTransit;

namespace LeadDialer.Dialer.Saga;

/// <summary>Steps <see cref="LeadStateMachine"/> takes in several places.</summary>
static class LeadStateMachineSteps
{
    /// <summary>Tells everyone the lead's new status (through the outbox, so it survives a crash).</summary>
    public static EventActivityBinder<LeadState, T> Announce<T>(this EventActivityBinder<LeadState, T> binder, TimeProvider clock)
        where T : class =>
        binder.ThenAsync(ctx =>
        {
            var saga = ctx.Saga;
            saga.Version++;
            saga.UpdatedAt = clock.GetUtcNow();
            return ctx.PublishThroughOutbox(new LeadStatusChanged(
                saga.CorrelationId,
                LeadStateMachine.StatusOf(saga.CurrentState),
                saga.Attempts,
                saga.Version,
                saga.UpdatedAt,
                saga.RetryAt,
                saga.LastOutcome,
                saga.LastError));
        });

    /// <summary>
    /// "After max attempts, lead status changes to completed, even if never answered": completes the
    /// lead with the reason once <paramref name="maxAttempts"/> calls were placed, else goes on with
    /// <paramref name="otherwise"/>.
    /// </summary>
    public static EventActivityBinder<LeadState, T> CompleteAtMaxAttempts<T>(
        this EventActivityBinder<LeadState, T> binder, LeadStateMachine machine, TimeProvider clock,
        Func<BehaviorContext<LeadState, T>, int> maxAttempts, Func<EventActivityBinder<LeadState, T>, EventActivityBinder<LeadState, T>> otherwise)
        where T : class =>
        binder.IfElse(ctx => ctx.Saga.Attempts >= maxAttempts(ctx),
            maxReached => maxReached
                .Then(ctx => ctx.Saga.CompletedReason = LeadStateMachine.MaxAttemptsReached(ctx.Saga.Attempts, maxAttempts(ctx)))
                .TransitionTo(machine.Completed)
                .Announce(clock),
            otherwise);

    /// <summary>An unanswered call: wait for the retry delay, unless this was the last attempt allowed.</summary>
    public static EventActivityBinder<LeadState, T> RetryOrComplete<T>(this EventActivityBinder<LeadState, T> binder, TimeProvider clock, LeadStateMachine machine)
        where T : class =>
        binder.CompleteAtMaxAttempts(machine, clock, ctx => ctx.Saga.MaxAttempts, retry => retry
            .Then(ctx => ctx.Saga.RetryAt = clock.GetUtcNow() + ctx.Saga.RetryDelay)
            .TransitionTo(machine.Retry)
            .Announce(clock));

    /// <summary>The call is over (or was never placed): no call attempt is current and nothing is in progress.</summary>
    public static EventActivityBinder<LeadState, T> EndCall<T>(this EventActivityBinder<LeadState, T> binder)
        where T : class =>
        binder.Then(ctx => EndCall(ctx.Saga));

    /// <summary>The provider refused the call: nothing was dialled, so it is not an attempt.</summary>
    public static EventActivityBinder<LeadState, T> NotPlaced<T>(this EventActivityBinder<LeadState, T> binder, Func<BehaviorContext<LeadState, T>, LeadError> error)
        where T : class =>
        binder.Then(ctx => NotPlaced(ctx.Saga, error(ctx)));

    /// <summary>A deleted lead's call ended: its calling slot is free.</summary>
    public static EventActivityBinder<LeadState, T> ReleaseSlot<T>(this EventActivityBinder<LeadState, T> binder)
        where T : class =>
        binder.Then(ctx => ctx.Saga.DialRequestedAt = null).EndCall();

    static void EndCall(LeadState saga)
    {
        saga.CallAttemptId = null;
        saga.InProgressSince = null;
    }

    static void NotPlaced(LeadState saga, LeadError error)
    {
        saga.Attempts--;
        saga.LastError = error;
        EndCall(saga);
    }

    /// <summary>
    /// A temporary error placing the call ("rate limit", "server error", "network", the provider at
    /// its limit): nothing was dialled, so no attempt is counted, and the lead is pending again after
    /// a growing, jittered wait. The <see cref="DialerOptions.MaxTemporaryErrorsInARow"/>th in a row
    /// counts as one failed attempt instead, and the normal retry rules apply, so every lead ends.
    /// </summary>
    public static EventActivityBinder<LeadState, T> BackOff<T>(
        this EventActivityBinder<LeadState, T> binder, TimeProvider clock, LeadStateMachine machine, Func<BehaviorContext<LeadState, T>, LeadError> error)
        where T : class =>
        binder
            .Then(ctx => ctx.Saga.TemporaryFailures++)
            .IfElse(ctx => ctx.Saga.TemporaryFailures >= machine.MaxTemporaryErrorsInARow,
                tooMany => tooMany
                    .Then(ctx =>
                    {
                        var last = error(ctx);
                        ctx.Saga.LastError = last with { Reason = GuideErrors.TemporaryErrorsInARow(last.Reason, ctx.Saga.TemporaryFailures) };
                        ctx.Saga.LastOutcome = CallOutcome.TemporaryFailure;
                        ctx.Saga.TemporaryFailures = 0;
                    })
                    .EndCall()
                    .RetryOrComplete(clock, machine),
                again => again
                    .NotPlaced(error)
                    .Then(ctx => ctx.Saga.ReadyAt = clock.GetUtcNow() + TemporaryErrorBackoff.Delay(ctx.Saga.TemporaryFailures, machine.TemporaryErrorFirstWait))
                    .TransitionTo(machine.Pending)
                    .Announce(clock));
}

/// <summary>What a call's outcome means for the lead, in the user guide's words.</summary>
static class CallOutcomes
{
    public static bool IsPermanent(CallOutcome outcome) => outcome is CallOutcome.InvalidNumber or CallOutcome.PermanentFailure;

    /// <summary>The error a call's end leaves on the lead; the provider's end reason is what it said.</summary>
    public static LeadError? ErrorOf(CallOutcome outcome, string? endedReason, string? provider = null) => outcome switch
    {
        CallOutcome.InvalidNumber => GuideErrors.PhoneNumberDoesNotExist.ToLeadError(endedReason, provider),
        CallOutcome.PermanentFailure => GuideErrors.PermanentErrorFromProvider.ToLeadError(endedReason, provider),
        CallOutcome.TemporaryFailure => GuideErrors.CallFailedForTemporaryReason.ToLeadError(endedReason, provider),
        // The guide's "Rate limit exceeded" ("too many calls too fast"), as ProviderGateway words a 429.
        CallOutcome.ProviderBusy => GuideErrors.RateLimitExceeded.ToLeadError(endedReason, provider),
        _ => null,
    };
}

/// <summary>
/// The wait after a temporary error placing a call ("the system retries automatically, with
/// increasing delays"): doubling from the first wait (5 s unless configured), capped at 10 min,
/// with ±20% jitter so leads that failed together do not return together.
/// </summary>
public static class TemporaryErrorBackoff
{
    static readonly TimeSpan DefaultFirst = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Cap = TimeSpan.FromMinutes(10);

    public static TimeSpan Delay(int consecutiveFailures, TimeSpan? first = null, Random? random = null)
    {
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 16);
        var nominal = Math.Min((first ?? DefaultFirst).TotalMilliseconds * Math.Pow(2, exponent), Cap.TotalMilliseconds);
        var jitter = 0.8 + ((random ?? Random.Shared).NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(nominal * jitter);
    }
}
