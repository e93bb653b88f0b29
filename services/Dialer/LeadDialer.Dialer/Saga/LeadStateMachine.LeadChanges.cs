using LeadDialer.Contracts;
using MassTransit;

namespace LeadDialer.Dialer.Saga;

/// <summary>
/// What the user does to a lead after it was added, as the Leads service reports it: edits its
/// details, reactivates it after fixing it, deletes it.
/// <list type="bullet">
/// <item>An edit replaces the details the next call is placed with; the status does not change.</item>
/// <item>Reactivation ("fix the lead information and manually change status back to pending")
/// moves a failed lead to pending with a <b>fresh attempts counter</b>: the attempts it used were
/// made to a number (or with a configuration) that was wrong, so the fixed lead gets the full
/// max attempts. Its past calls stay in the call history (Leads' <c>lead_calls</c>). Reactivating
/// a lead that is not failed here changes nothing but re-announces its status, so the Leads
/// service's view corrects itself.</item>
/// <item>A deleted lead goes to <see cref="Deleted"/>, a state the dispatcher never picks, and
/// gives up any calling slot it had claimed — except a call already placed, whose slot stays
/// counted until the provider reports its end (max concurrent calls is never exceeded). If the
/// deletion overtakes the lead's
/// <see cref="Contracts.LeadReady"/>, the saga is created already deleted, so the late
/// LeadReady cannot start it.</item>
/// </list>
/// </summary>
public sealed partial class LeadStateMachine
{
    /// <summary>The user deleted the lead: never dialled again. Not a status on the wire (the lead is gone).</summary>
    public State Deleted { get; private set; } = null!;

    public Event<LeadUpdated> LeadUpdated { get; private set; } = null!;
    public Event<LeadReactivated> LeadReactivated { get; private set; } = null!;
    public Event<LeadDeleted> LeadDeleted { get; private set; } = null!;

    void DuringLeadChanges(TimeProvider clock)
    {
        Event(() => LeadUpdated, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => LeadReactivated, e => Missing(e.CorrelateById(m => m.Message.LeadId)));
        Event(() => LeadDeleted, e => e.CorrelateById(m => m.Message.LeadId));

        Initially(
            When(LeadDeleted)
                .Then(ctx =>
                {
                    ctx.Saga.Lead = new LeadDetails(string.Empty, string.Empty, string.Empty, null, null, new Dictionary<string, string>());
                    ctx.Saga.ReadyAt = ctx.Message.DeletedAt;
                    ctx.Saga.UpdatedAt = clock.GetUtcNow();
                })
                .TransitionTo(Deleted));

        During(new[] { Pending, InProgress, Retry, Completed, Failed },
            When(LeadUpdated)
                .Then(ctx => ctx.Saga.Lead = ctx.Message.Lead));

        During(InProgress,
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

        During(new[] { Pending, Retry, Completed, Failed },
            When(LeadDeleted)
                .Then(ctx =>
                {
                    // Releasing the claim frees its calling slot; a DialLead still on its way no longer matches it.
                    ctx.Saga.DialRequestedAt = null;
                    ctx.Saga.InProgressSince = null;
                    ctx.Saga.RetryAt = null;
                    ctx.Saga.UpdatedAt = clock.GetUtcNow();
                })
                .TransitionTo(Deleted));

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
                .Announce(clock));

        During(new[] { Pending, InProgress, Retry, Completed },
            When(LeadReactivated)
                .Then(ctx => ctx.Saga.Lead = ctx.Message.Lead)
                .Announce(clock));

        During(Deleted,
            When(CallEnded, ctx => ctx.Saga.CallAttemptId == ctx.Message.CallAttemptId)
                .Then(ctx => ReleaseSlot(ctx.Saga)),
            When(CallFailed, ctx => ctx.Saga.CallAttemptId == ctx.Message.CallAttemptId)
                .Then(ctx => ReleaseSlot(ctx.Saga)),
            When(CallTimedOut, ctx => ctx.Saga.CallAttemptId == ctx.Message.CallAttemptId)
                .Then(ctx => ReleaseSlot(ctx.Saga)),
            When(LeadUpdated).Then(_ => { }),
            When(LeadReactivated).Then(_ => { }),
            When(LeadDeleted).Then(_ => { }));
    }

    static void ReleaseSlot(LeadState saga)
    {
        saga.DialRequestedAt = null;
        saga.CallAttemptId = null;
        saga.InProgressSince = null;
    }
}
