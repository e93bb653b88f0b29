using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LeadDialer.Dialer.Saga;

/// <summary>
/// The user guide's status flow ("Lead Status"), one instance per lead, one <c>During</c> per
/// status in the guide's order:
/// <code>
/// [Pending] → call initiated → [InProgress] → call ends ─┬→ answered ─────────────→ [Completed]
///                                                         ├→ no answer/busy/voicemail → [Retry] → delay passed → [Pending]
///                                                         │                                (max attempts reached → [Completed])
///                                                         ├→ invalid number / permanent error → [Failed] → fixed and reactivated → [Pending]
///                                                         └→ provider at its limit (ProviderBusy) ┐
///                    or the call could not be placed (temporary CallFailed, faulted PlaceCall) ┴→ [Pending] (not an attempt; growing wait;
///                                                            the MaxTemporaryErrorsInARow-th in a row is one failed attempt → [Retry])
/// </code>
/// Every change is announced as <see cref="LeadStatusChanged"/> through the transactional outbox.
/// What the user does to a lead after adding it, as the Leads service reports it:
/// <list type="bullet">
/// <item>An edit replaces the details the next call is placed with; the status does not change.</item>
/// <item>Reactivation ("fix the lead information and manually change status back to pending")
/// moves a failed lead to pending with a <b>fresh attempts counter</b>: the attempts it used were
/// made to a number (or with a configuration) that was wrong. Its past calls stay in the call
/// history (Leads' <c>lead_calls</c>). Reactivating a lead that is not failed changes nothing but
/// re-announces its status, so the Leads service's view corrects itself.</item>
/// <item>A deleted lead goes to <see cref="Deleted"/>, a state the dispatcher never picks, and gives
/// up any calling slot it had claimed — except a call already placed, whose slot stays counted
/// until the provider reports its end (max concurrent calls is never exceeded). If the deletion
/// overtakes the lead's <see cref="Contracts.LeadReady"/>, the saga is created already deleted,
/// so the late LeadReady cannot start it.</item>
/// </list>
/// Anything a state does not handle is a duplicate or a late arrival (redelivery, a webhook
/// retried, a sweep that overlapped) and changes nothing.
/// </summary>
public sealed class LeadStateMachine : MassTransitStateMachine<LeadState>
{
    public LeadStateMachine(TimeProvider clock, IOptions<DialerOptions> options)
    {
        MaxTemporaryErrorsInARow = options.Value.MaxTemporaryErrorsInARow;
        TemporaryErrorFirstWait = options.Value.TemporaryErrorFirstWait;
        InstanceState(x => x.CurrentState);

        // A lead's first message is LeadReady, or its deletion overtaking it; anything else about a
        // lead the Dialer never heard of is dropped rather than faulted.
        Event(() => LeadReady, e => e.CorrelateById(m => m.Message.LeadId));
        Event(() => LeadDeleted, e => e.CorrelateById(m => m.Message.LeadId));
        Event(() => DialLead, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => CallStarted, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => CallEnded, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => CallFailed, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => PlaceCallFaulted, e => Missing(e.CorrelateById(m => m.Message.Message.LeadId)));
        Event(() => CallTimedOut, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => RetryDelayElapsed, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => LeadOptedOut, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => LeadUpdated, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => LeadReactivated, e => Missing(e.CorrelateById(m => m.Message.LeadId)));

        // What the user does to a lead, the same in several states.
        var edited = When(LeadUpdated)
            .Then(ctx => ctx.Saga.Lead = ctx.Message.Lead);
        var reactivatedWhileNotFailed = When(LeadReactivated)
            .Then(ctx => ctx.Saga.Lead = ctx.Message.Lead)
            .Announce(clock);
        // Releasing the claim frees its calling slot; a DialLead still on its way no longer matches it.
        var deletedWhileNoCall = When(LeadDeleted)
            .Then(ctx =>
            {
                ctx.Saga.DialRequestedAt = null;
                ctx.Saga.RetryAt = null;
                ctx.Saga.UpdatedAt = clock.GetUtcNow();
            })
            .EndCall()
            .TransitionTo(Deleted);
        // The person opted out (Compliance/OptOutConsumer has listed the number): completed, "Opted out".
        var optedOutWhileNoCall = When(LeadOptedOut, ctx => ctx.Saga.CompletedReason != OptedOut)
            .Then(ctx =>
            {
                ctx.Saga.DialRequestedAt = null;
                ctx.Saga.RetryAt = null;
                ctx.Saga.CompletedReason = OptedOut;
            })
            .TransitionTo(Completed)
            .Announce(clock);

        Initially(
            When(LeadReady)
                .Then(ctx =>
                {
                    ctx.Saga.Lead = ctx.Message.Lead;
                    ctx.Saga.ReadyAt = clock.GetUtcNow();
                    ctx.Saga.TraceParent = Telemetry.CurrentTraceParent();
                })
                .TransitionTo(Pending)
                .Announce(clock),
            When(LeadDeleted)
                .Then(ctx =>
                {
                    ctx.Saga.Lead = new LeadDetails(string.Empty, string.Empty, string.Empty, null, null, new Dictionary<string, string>());
                    ctx.Saga.ReadyAt = ctx.Message.DeletedAt;
                    ctx.Saga.UpdatedAt = clock.GetUtcNow();
                })
                .TransitionTo(Deleted));

        // Ready to call: the dispatcher claims a slot and sends DialLead.
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
                // The configuration may have lowered max attempts since the last call.
                .CompleteAtMaxAttempts(this, clock, ctx => ctx.Message.MaxAttempts, call => call
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
            // A repeated LeadReady brings the lead's details up to date.
            When(LeadReady)
                .Then(ctx => ctx.Saga.Lead = ctx.Message.Lead),
            edited,
            reactivatedWhileNotFailed,
            optedOutWhileNoCall,
            deletedWhileNoCall);

        // Call active: the provider reports how it went.
        During(InProgress,
            When(CallStarted, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId))
                .Then(ctx => ctx.Saga.ProviderCallId = ctx.Message.ProviderCallId),
            // The provider did not dial (its concurrency or daily limit): a placing problem, like a 429.
            When(CallEnded, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId) && ctx.Message.Outcome == CallOutcome.ProviderBusy)
                .Then(ctx => ctx.Saga.ProviderCallId = ctx.Message.ProviderCallId)
                .BackOff(clock, this, ctx => CallOutcomes.ErrorOf(ctx.Message.Outcome, ctx.Message.EndedReason, ctx.Message.Provider)!),
            When(CallEnded, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId) && ctx.Message.Outcome != CallOutcome.ProviderBusy)
                .Then(ctx =>
                {
                    ctx.Saga.LastOutcome = ctx.Message.Outcome;
                    ctx.Saga.ProviderCallId = ctx.Message.ProviderCallId;
                    ctx.Saga.TemporaryFailures = 0;
                    ctx.Saga.LastError = CallOutcomes.ErrorOf(ctx.Message.Outcome, ctx.Message.EndedReason, ctx.Message.Provider);
                })
                .EndCall()
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
            When(CallFailed, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId))
                .IfElse(ctx => ctx.Message.Error.Kind == ErrorKind.Permanent,
                    permanent => permanent
                        .NotPlaced(ctx => ctx.Message.Error)
                        .TransitionTo(Failed)
                        .Announce(clock),
                    temporary => temporary.BackOff(clock, this, ctx => ctx.Message.Error)),
            // ProviderGateway gave up on the command itself (its database down through every retry,
            // say): nothing is known to be dialled, so it is a temporary error, not an attempt.
            When(PlaceCallFaulted, ctx => IsCurrentCall(ctx.Saga, ctx.Message.Message.CallAttemptId))
                // No provider said anything: the exception is in ProviderGateway's log, not the lead's error.
                .BackOff(clock, this, _ => GuideErrors.UnknownError.ToLeadError()),
            // The guide's stale "in-progress" clean-up: the call was placed, so it counts.
            When(CallTimedOut, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId))
                .Then(ctx => ctx.Saga.LastError = GuideErrors.CallDidNotReportAnEnd.ToLeadError())
                .EndCall()
                .RetryOrComplete(clock, this),
            // The person opted out during the call; the call's end may not have been applied yet.
            When(LeadOptedOut)
                .Then(ctx =>
                {
                    ctx.Saga.LastOutcome = CallOutcome.Answered;
                    ctx.Saga.LastError = null;
                    ctx.Saga.CompletedReason = OptedOut;
                })
                .EndCall()
                .TransitionTo(Completed)
                .Announce(clock),
            edited,
            reactivatedWhileNotFailed,
            When(LeadDeleted)
                .Then(ctx =>
                {
                    // The call already placed goes on at the provider: its slot stays counted (the
                    // dispatcher counts claimed leads) until the call's end is reported.
                    ctx.Saga.DialRequestedAt = ctx.Saga.InProgressSince ?? clock.GetUtcNow();
                    ctx.Saga.RetryAt = null;
                    ctx.Saga.UpdatedAt = clock.GetUtcNow();
                })
                .TransitionTo(Deleted));

        // Waiting for the retry delay: the sweep says when it has passed.
        During(Retry,
            When(RetryDelayElapsed, ctx => ctx.Saga.RetryAt <= clock.GetUtcNow())
                .CompleteAtMaxAttempts(this, clock, ctx => ctx.Saga.MaxAttempts, again => again
                    .Then(ctx =>
                    {
                        // Due at its exact time, whenever the sweep noticed: it queues by that.
                        ctx.Saga.ReadyAt = ctx.Saga.RetryAt!.Value;
                        ctx.Saga.RetryAt = null;
                    })
                    .TransitionTo(Pending)
                    .Announce(clock)),
            edited,
            reactivatedWhileNotFailed,
            optedOutWhileNoCall,
            deletedWhileNoCall);

        // Finished: no further calls.
        During(Completed,
            edited,
            reactivatedWhileNotFailed,
            optedOutWhileNoCall,
            deletedWhileNoCall);

        // Permanent error: the user fixes the lead and reactivates it.
        During(Failed,
            When(LeadReactivated)
                .Then(ctx =>
                {
                    var saga = ctx.Saga;
                    saga.Lead = ctx.Message.Lead;
                    saga.Attempts = 0;
                    saga.TemporaryFailures = 0;
                    saga.LastError = null;
                    saga.LastOutcome = null;
                    saga.RetryAt = null;
                    saga.CallAttemptId = null;
                    saga.ProviderCallId = null;
                    saga.DialRequestedAt = null;
                    saga.ReadyAt = clock.GetUtcNow();
                })
                .TransitionTo(Pending)
                .Announce(clock),
            edited,
            deletedWhileNoCall);

        // Deleted: only the end of a call placed before the deletion matters, to free its slot.
        During(Deleted,
            When(CallEnded, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId)).ReleaseSlot(),
            When(CallFailed, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId)).ReleaseSlot(),
            When(CallTimedOut, ctx => IsCurrentCall(ctx.Saga, ctx.Message.CallAttemptId)).ReleaseSlot());

        DuringAny(
            // A claim the lead can no longer use (it left pending meanwhile): give the slot back.
            When(DialLead, ctx => IsCurrentClaim(ctx.Saga, ctx.Message) && ctx.Saga.CurrentState != LeadStates.Pending)
                .Then(ctx => ctx.Saga.DialRequestedAt = null),
            // Everything a state above does not handle: a duplicate or a late arrival.
            Ignore(LeadReady),
            Ignore(LeadDeleted),
            Ignore(CallStarted),
            Ignore(CallEnded),
            Ignore(CallFailed),
            Ignore(PlaceCallFaulted),
            Ignore(CallTimedOut),
            Ignore(RetryDelayElapsed),
            Ignore(LeadOptedOut),
            Ignore(LeadUpdated),
            Ignore(LeadReactivated));
    }

    public Event<LeadReady> LeadReady { get; private set; } = null!;
    public Event<DialLead> DialLead { get; private set; } = null!;
    public Event<CallStarted> CallStarted { get; private set; } = null!;
    public Event<CallEnded> CallEnded { get; private set; } = null!;
    public Event<CallFailed> CallFailed { get; private set; } = null!;
    public Event<Fault<PlaceCall>> PlaceCallFaulted { get; private set; } = null!;
    public Event<CallTimedOut> CallTimedOut { get; private set; } = null!;
    public Event<RetryDelayElapsed> RetryDelayElapsed { get; private set; } = null!;
    public Event<LeadOptedOut> LeadOptedOut { get; private set; } = null!;
    public Event<LeadUpdated> LeadUpdated { get; private set; } = null!;
    public Event<LeadReactivated> LeadReactivated { get; private set; } = null!;
    public Event<LeadDeleted> LeadDeleted { get; private set; } = null!;

    public State Pending { get; private set; } = null!;
    public State InProgress { get; private set; } = null!;
    public State Retry { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    /// <summary>The user deleted the lead: never dialled again. Not a status on the wire (the lead is gone).</summary>
    public State Deleted { get; private set; } = null!;

    /// <summary>The completed reason of a lead whose person asked not to be called again.</summary>
    public const string OptedOut = "Opted out";

    internal static string MaxAttemptsReached(int attempts, int maxAttempts) => $"Max attempts reached ({attempts} of {maxAttempts})";

    /// <summary><see cref="DialerOptions.MaxTemporaryErrorsInARow"/>.</summary>
    internal int MaxTemporaryErrorsInARow { get; }

    /// <summary><see cref="DialerOptions.TemporaryErrorFirstWait"/>.</summary>
    internal TimeSpan TemporaryErrorFirstWait { get; }

    /// <summary>The wire status of a state name stored in <see cref="LeadState.CurrentState"/>.</summary>
    public static string StatusOf(string state) => state switch
    {
        LeadStates.Pending => LeadStatus.Pending,
        LeadStates.InProgress => LeadStatus.InProgress,
        LeadStates.Retry => LeadStatus.Retry,
        LeadStates.Completed => LeadStatus.Completed,
        LeadStates.Failed => LeadStatus.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a lead state."),
    };

    /// <summary>
    /// The dispatch audit's line for a status change, from the change itself: where the lead came
    /// from (<paramref name="from"/>, null when new) and what the saga holds now.
    /// </summary>
    public static (string Status, string? Detail) AuditOf(string? from, LeadState to) => (from, to.CurrentState) switch
    {
        (_, LeadStates.Deleted) => ("deleted", null),
        (null, LeadStates.Pending) => (LeadStatus.Pending, "Lead ready to call"),
        (LeadStates.InProgress, LeadStates.Pending) => (LeadStatus.Pending, $"Back to pending after a temporary error: {to.LastError?.Reason}"),
        (_, LeadStates.Pending) => (LeadStatus.Pending, "Ready to call again"),
        (_, LeadStates.InProgress) => (LeadStatus.InProgress, $"Call placed (attempt {to.Attempts} of {to.MaxAttempts})"),
        // An error says more than the outcome (e.g. "Temporary error: Server error (5 times in a row)").
        (_, LeadStates.Retry) => (LeadStatus.Retry, $"Not reached ({to.LastError?.Reason ?? to.LastOutcome.ToString()}); retry due at {to.RetryAt:yyyy-MM-dd HH:mm:ss} UTC"),
        (_, LeadStates.Completed) => (LeadStatus.Completed, to.CompletedReason ?? "Call answered"),
        // The same fix the lead's details show (Leads reads it the same way).
        (_, LeadStates.Failed) => (LeadStatus.Failed, to.LastError is { } e ? $"{e.Reason}. {GuideErrors.FixOf(e)}" : null),
        _ => (StatusOf(to.CurrentState), null),
    };

    static bool IsCurrentCall(LeadState saga, Guid callAttemptId) => saga.CallAttemptId == callAttemptId;

    // A DialLead whose claim the dispatcher has since expired (or that is a redelivery of a used
    // one) must not dial: its slot may already be someone else's.
    static bool IsCurrentClaim(LeadState saga, DialLead message) => saga.DialRequestedAt == message.ClaimedAt;

    static void Missing<T>(IEventCorrelationConfigurator<LeadState, T> correlation) where T : class =>
        correlation.OnMissingInstance(m => m.Discard());
}
