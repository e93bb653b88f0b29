using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LeadDialer.Dialer.Saga;

/// <summary>
/// The user guide's status flow, one instance per lead:
/// <code>
/// [Pending] → call initiated → [InProgress] → call ends ─┬→ answered ─────────────→ [Completed]
///                                                         ├→ no answer/busy/voicemail → [Retry] → delay passed → [Pending]
///                                                         │                                (max attempts reached → [Completed])
///                                                         ├→ invalid number / permanent error → [Failed]
///                                                         └→ provider at its limit (ProviderBusy) ┐
///                    or the call could not be placed (temporary CallFailed, faulted PlaceCall) ┴→ [Pending] (not an attempt; growing wait;
///                                                            the MaxTemporaryErrorsInARow-th in a row is one failed attempt → [Retry])
/// </code>
/// Every change is announced as <see cref="LeadStatusChanged"/> through the transactional outbox.
/// </summary>
public sealed partial class LeadStateMachine : MassTransitStateMachine<LeadState>
{
    public LeadStateMachine(TimeProvider clock, IOptions<DialerOptions> options)
    {
        MaxTemporaryErrorsInARow = options.Value.MaxTemporaryErrorsInARow;
        TemporaryErrorFirstWait = options.Value.TemporaryErrorFirstWait;
        InstanceState(x => x.CurrentState);

        Event(() => LeadReady, e => e.CorrelateById(m => m.Message.LeadId));
        Event(() => DialLead, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => CallStarted, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => CallFailed, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => CallEnded, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => CallTimedOut, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => RetryDelayElapsed, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => PlaceCallFaulted, e => Missing(e.CorrelateById(m => m.Message.Message.LeadId)));

        Initially(
            When(LeadReady)
                .Then(ctx =>
                {
                    ctx.Saga.Lead = ctx.Message.Lead;
                    ctx.Saga.ReadyAt = clock.GetUtcNow();
                    ctx.Saga.TraceParent = Telemetry.CurrentTraceParent();
                })
                .TransitionTo(Pending)
                .Announce(clock));

        During(Pending,
            // A compliance rule forbids calling the number (do-not-call list): failed, with the fix.
            When(DialLead, ctx => IsCurrentClaim(ctx.Saga, ctx.Message) && ctx.Message.Blocked is not null)
                .Then(ctx =>
                {
                    ctx.Saga.DialRequestedAt = null;
                    ctx.Saga.LastError = ctx.Message.Blocked;
                })
                .TransitionTo(Failed)
                .Announce(clock),
            When(DialLead, ctx => IsCurrentClaim(ctx.Saga, ctx.Message) && ctx.Message.Blocked is null)
                .Then(ctx => ctx.Saga.DialRequestedAt = null)
                .IfElse(ctx => ctx.Saga.Attempts >= ctx.Message.MaxAttempts,
                    maxReached => maxReached
                        .Then(ctx => ctx.Saga.CompletedReason = MaxAttemptsReached(ctx.Saga.Attempts, ctx.Message.MaxAttempts))
                        .TransitionTo(Completed)
                        .Announce(clock),
                    call => call
                        .Then(ctx =>
                        {
                            // "Status changes to in-progress, call attempt counter increases, and call is initiated."
                            ctx.Saga.Attempts++;
                            ctx.Saga.MaxAttempts = ctx.Message.MaxAttempts;
                            ctx.Saga.RetryDelay = ctx.Message.RetryDelay;
                            ctx.Saga.CallAttemptId = NewId.NextGuid();
                            ctx.Saga.ProviderCallId = null;
                            ctx.Saga.InProgressSince = clock.GetUtcNow();
                            ctx.Saga.RetryAt = null;
                        })
                        .TransitionTo(InProgress)
                        .Announce(clock)
                        .ThenAsync(ctx => ctx.PublishThroughOutbox(
                            new PlaceCall(ctx.Saga.CorrelationId, ctx.Saga.Attempts, ctx.Saga.CallAttemptId!.Value, ctx.Saga.Lead, ctx.Message.AgentId)))),
            When(LeadReady)
                .Then(ctx => ctx.Saga.Lead = ctx.Message.Lead));

        During(InProgress,
            When(CallStarted, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId))
                .Then(ctx => ctx.Saga.ProviderCallId = ctx.Message.ProviderCallId),
            When(CallFailed, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId))
                .IfElse(ctx => ctx.Message.Error.Kind == ErrorKind.Permanent,
                    permanent => permanent
                        .Then(ctx => NotPlaced(ctx.Saga, ctx.Message.Error))
                        .TransitionTo(Failed)
                        .Announce(clock),
                    temporary => temporary.BackOff(clock, this, ctx => ctx.Message.Error)),
            // ProviderGateway gave up on the command itself (its database down through every retry,
            // say): nothing is known to be dialled, so it is a temporary error, not an attempt.
            When(PlaceCallFaulted, ctx => IsCurrentCall(ctx.Saga, ctx.Message.Message.CallAttemptId))
                // No provider said anything: the exception is in ProviderGateway's log, not the lead's error.
                .BackOff(clock, this, _ => GuideErrors.UnknownError.ToLeadError()),
            // The provider did not dial (its concurrency or daily limit): a placing problem, like a 429.
            When(CallEnded, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId) && ctx.Message.Outcome == CallOutcome.ProviderBusy)
                .Then(ctx => ctx.Saga.ProviderCallId = ctx.Message.ProviderCallId)
                .BackOff(clock, this, ctx => CallOutcomes.ErrorOf(ctx.Message.Outcome, ctx.Message.EndedReason, ctx.Message.Provider)!),
            When(CallEnded, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId) && ctx.Message.Outcome != CallOutcome.ProviderBusy)
                .Then(ctx =>
                {
                    ctx.Saga.LastOutcome = ctx.Message.Outcome;
                    ctx.Saga.ProviderCallId = ctx.Message.ProviderCallId;
                    ctx.Saga.CallAttemptId = null;
                    ctx.Saga.InProgressSince = null;
                    ctx.Saga.TemporaryFailures = 0;
                    ctx.Saga.LastError = CallOutcomes.ErrorOf(ctx.Message.Outcome, ctx.Message.EndedReason, ctx.Message.Provider);
                })
                .IfElse(ctx => ctx.Message.Outcome == CallOutcome.Answered,
                    answered => answered
                        .TransitionTo(Completed)
                        .Announce(clock),
                    notAnswered => notAnswered
                        .IfElse(ctx => CallOutcomes.IsPermanent(ctx.Message.Outcome),
                            permanent => permanent
                                .TransitionTo(Failed)
                                .Announce(clock),
                            unanswered => unanswered.RetryOrComplete(clock, this))),
            When(CallTimedOut, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId))
                .Then(ctx =>
                {
                    // The guide's stale "in-progress" clean-up: the call was placed, so it counts.
                    ctx.Saga.LastError = GuideErrors.CallDidNotReportAnEnd.ToLeadError();
                    ctx.Saga.CallAttemptId = null;
                    ctx.Saga.InProgressSince = null;
                })
                .RetryOrComplete(clock, this));

        During(Retry,
            When(RetryDelayElapsed, ctx => ctx.Saga.RetryAt <= clock.GetUtcNow())
                .IfElse(ctx => ctx.Saga.Attempts >= ctx.Saga.MaxAttempts,
                    maxReached => maxReached
                        .Then(ctx => ctx.Saga.CompletedReason = MaxAttemptsReached(ctx.Saga.Attempts, ctx.Saga.MaxAttempts))
                        .TransitionTo(Completed)
                        .Announce(clock),
                    again => again
                        .Then(ctx =>
                        {
                            // Due at its exact time, whenever the sweep noticed: it queues by that.
                            ctx.Saga.ReadyAt = ctx.Saga.RetryAt!.Value;
                            ctx.Saga.RetryAt = null;
                        })
                        .TransitionTo(Pending)
                        .Announce(clock)));

        DuringLeadChanges(clock);

        // The person opted out during the call (Compliance/OptOutConsumer has listed the number):
        // completed, "Opted out". The call's end may not have been applied yet.
        Event(() => LeadOptedOut, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        During(InProgress,
            When(LeadOptedOut)
                .Then(ctx =>
                {
                    ctx.Saga.LastOutcome = CallOutcome.Answered;
                    ctx.Saga.CallAttemptId = null;
                    ctx.Saga.InProgressSince = null;
                    ctx.Saga.LastError = null;
                    ctx.Saga.CompletedReason = OptedOut;
                })
                .TransitionTo(Completed)
                .Announce(clock));
        During(new[] { Pending, Retry, Completed },
            When(LeadOptedOut, ctx => ctx.Saga.CompletedReason != OptedOut)
                .Then(ctx =>
                {
                    ctx.Saga.DialRequestedAt = null;
                    ctx.Saga.RetryAt = null;
                    ctx.Saga.CompletedReason = OptedOut;
                })
                .TransitionTo(Completed)
                .Announce(clock));

        // Duplicates and late arrivals (redelivery, a webhook retried, a sweep that overlapped)
        // change nothing, in any state.
        DuringAny(
            When(LeadReady).Then(_ => { }),
            When(DialLead, ctx => IsCurrentClaim(ctx.Saga, ctx.Message) && ctx.Saga.CurrentState != nameof(Pending))
                .Then(ctx => ctx.Saga.DialRequestedAt = null),
            When(DialLead, ctx => !IsCurrentClaim(ctx.Saga, ctx.Message)).Then(_ => { }),
            When(CallStarted).Then(_ => { }),
            When(CallFailed).Then(_ => { }),
            When(CallEnded).Then(_ => { }),
            When(CallTimedOut).Then(_ => { }),
            When(RetryDelayElapsed).Then(_ => { }),
            When(PlaceCallFaulted).Then(_ => { }),
            When(LeadOptedOut).Then(_ => { }));
    }

    public State Pending { get; private set; } = null!;
    public State InProgress { get; private set; } = null!;
    public State Retry { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    public Event<LeadReady> LeadReady { get; private set; } = null!;
    public Event<DialLead> DialLead { get; private set; } = null!;
    public Event<CallStarted> CallStarted { get; private set; } = null!;
    public Event<CallFailed> CallFailed { get; private set; } = null!;
    public Event<CallEnded> CallEnded { get; private set; } = null!;
    public Event<CallTimedOut> CallTimedOut { get; private set; } = null!;
    public Event<RetryDelayElapsed> RetryDelayElapsed { get; private set; } = null!;
    public Event<Fault<PlaceCall>> PlaceCallFaulted { get; private set; } = null!;
    public Event<LeadOptedOut> LeadOptedOut { get; private set; } = null!;

    /// <summary>The completed reason of a lead whose person asked not to be called again.</summary>
    public const string OptedOut = "Opted out";

    internal static string MaxAttemptsReached(int attempts, int maxAttempts) => $"Max attempts reached ({attempts} of {maxAttempts})";

    /// <summary><see cref="DialerOptions.MaxTemporaryErrorsInARow"/>.</summary>
    internal int MaxTemporaryErrorsInARow { get; }

    /// <summary><see cref="DialerOptions.TemporaryErrorFirstWait"/>.</summary>
    internal TimeSpan TemporaryErrorFirstWait { get; }

    /// <summary>The provider refused the call: nothing was dialled, so it is not an attempt.</summary>
    internal static void NotPlaced(LeadState saga, LeadError error)
    {
        saga.Attempts--;
        saga.LastError = error;
        saga.CallAttemptId = null;
        saga.InProgressSince = null;
    }

    /// <summary>The wire status of a state name stored in <see cref="LeadState.CurrentState"/>.</summary>
    public static string StatusOf(string state) => state switch
    {
        nameof(Pending) => LeadStatus.Pending,
        nameof(InProgress) => LeadStatus.InProgress,
        nameof(Retry) => LeadStatus.Retry,
        nameof(Completed) => LeadStatus.Completed,
        nameof(Failed) => LeadStatus.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a lead state."),
    };

    static bool IsCurrentCall(LeadState saga, Guid callAttemptId) => saga.CallAttemptId == callAttemptId;

    // A DialLead whose claim the dispatcher has since expired (or that is a redelivery of a used
    // one) must not dial: its slot may already be someone else's.
    static bool IsCurrentClaim(LeadState saga, DialLead message) => saga.DialRequestedAt == message.ClaimedAt;

    // Messages about a lead the Dialer never heard of are dropped rather than faulted: a lead's
    // first message is always LeadReady.
    static void Missing<T>(IEventCorrelationConfigurator<LeadState, T> correlation) where T : class =>
        correlation.OnMissingInstance(m => m.Discard());
}
