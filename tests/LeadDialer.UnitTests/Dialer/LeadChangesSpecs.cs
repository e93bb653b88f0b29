using LeadDialer.Contracts;
using LeadDialer.Dialer;
using LeadDialer.Dialer.Saga;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadDialer.UnitTests.Dialer;

/// <summary>The saga's side of editing, reactivating and deleting a lead (the Leads service's LeadUpdated, LeadReactivated, LeadDeleted).</summary>
public sealed class LeadChangesSpecs : IAsyncLifetime
{
    static readonly LeadDetails Ada = new("Ada Lovelace", "+12125550100", "ada@example.com", null, null, new Dictionary<string, string>());
    static readonly LeadDetails Fixed = Ada with { Phone = "+12125550142" };

    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));
    readonly Guid _leadId = NewId.NextGuid();
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;
    ISagaStateMachineTestHarness<LeadStateMachine, LeadState> _saga = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddMassTransitTestHarness(x => x.AddSagaStateMachine<LeadStateMachine, LeadState>());
        services.Replace(ServiceDescriptor.Singleton(new LeadStateMachine(_clock, Options.Create(new DialerOptions()))));
        _provider = services.BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _saga = _harness.GetSagaStateMachineHarness<LeadStateMachine, LeadState>();
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task When_a_lead_is_edited_Should_call_with_the_new_details_and_keep_its_status()
    {
        await Ready();

        await _harness.Bus.Publish(new LeadUpdated(_leadId, Fixed, _clock.GetUtcNow()));
        await Consumed<LeadUpdated>();

        Assert.Equal(Fixed.Phone, Saga().Lead.Phone);
        Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
        var call = await Dial();
        Assert.Equal(Fixed.Phone, call.Lead.Phone);
    }

    [Fact]
    public async Task When_a_failed_lead_is_reactivated_Should_be_pending_with_a_fresh_attempts_counter_and_the_fixed_details()
    {
        await Ready();
        var call = await Dial();
        await _harness.Bus.Publish(new CallEnded(_leadId, call.Attempt, call.CallAttemptId, "retell", "call_1", CallOutcome.InvalidNumber, "invalid_destination",
            _clock.GetUtcNow(), _clock.GetUtcNow(), 0, null, null));
        Assert.NotNull(await _saga.Exists(_leadId, m => m.Failed));
        Assert.Equal(1, Saga().Attempts);

        _clock.Advance(TimeSpan.FromMinutes(5));
        await _harness.Bus.Publish(new LeadReactivated(_leadId, Fixed, _clock.GetUtcNow()));

        Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
        var saga = Saga();
        Assert.Equal(0, saga.Attempts);
        Assert.Null(saga.LastError);
        Assert.Equal(_clock.GetUtcNow(), saga.ReadyAt);
        Assert.Equal(Fixed.Phone, saga.Lead.Phone);
        await Eventually(() => Announcements().Any(m => m.Status == LeadStatus.Pending && m.Attempts == 0 && m.Version == saga.Version), "pending re-announced");

        var again = await Dial();
        Assert.Equal(1, again.Attempt);
        Assert.Equal(Fixed.Phone, again.Lead.Phone);
        Assert.NotEqual(call.CallAttemptId, again.CallAttemptId);
    }

    [Fact]
    public async Task When_a_lead_that_is_not_failed_is_reactivated_Should_keep_its_status_and_announce_it_again()
    {
        await Ready();
        await Dial();
        var version = Saga().Version;

        await _harness.Bus.Publish(new LeadReactivated(_leadId, Ada, _clock.GetUtcNow()));
        await Consumed<LeadReactivated>();

        Assert.NotNull(await _saga.Exists(_leadId, m => m.InProgress));
        Assert.Equal(1, Saga().Attempts);
        await Eventually(() => Announcements().Any(m => m.Status == LeadStatus.InProgress && m.Version == version + 1), "in-progress re-announced");
    }

    [Fact]
    public async Task When_a_pending_lead_is_deleted_Should_never_be_dialled_and_give_up_its_claim()
    {
        await Ready();
        var claimedAt = Claim();

        await _harness.Bus.Publish(new LeadDeleted(_leadId, _clock.GetUtcNow()));
        Assert.NotNull(await _saga.Exists(_leadId, m => m.Deleted));
        Assert.Null(Saga().DialRequestedAt);

        await _harness.Bus.Publish(new DialLead(_leadId, 3, TimeSpan.FromHours(1), claimedAt));
        await Consumed<DialLead>();
        Assert.Equal(_saga.StateMachine.Deleted.Name, Saga().CurrentState);
        Assert.False(await _harness.Published.Any<PlaceCall>(x => x.Context.Message.LeadId == _leadId));
    }

    [Fact]
    public async Task When_a_lead_in_a_call_is_deleted_Should_keep_its_calling_slot_until_the_call_ends()
    {
        await Ready();
        var call = await Dial();

        await _harness.Bus.Publish(new LeadDeleted(_leadId, _clock.GetUtcNow()));
        Assert.NotNull(await _saga.Exists(_leadId, m => m.Deleted));
        // The dispatcher counts claimed leads as calls in flight: the call still going on keeps its slot.
        Assert.NotNull(Saga().DialRequestedAt);

        await _harness.Bus.Publish(new CallEnded(_leadId, call.Attempt, call.CallAttemptId, "retell", "call_1", CallOutcome.NoAnswer, null,
            _clock.GetUtcNow(), _clock.GetUtcNow(), 0, null, null));
        await Eventually(() => Saga().DialRequestedAt is null, "the slot released");

        Assert.Equal(_saga.StateMachine.Deleted.Name, Saga().CurrentState);
        Assert.DoesNotContain(Announcements(), m => m.Status == LeadStatus.Retry);
    }

    [Fact]
    public async Task When_the_deletion_overtakes_the_lead_being_added_Should_stay_deleted()
    {
        await _harness.Bus.Publish(new LeadDeleted(_leadId, _clock.GetUtcNow()));
        Assert.NotNull(await _saga.Exists(_leadId, m => m.Deleted));

        await _harness.Bus.Publish(new LeadReady(_leadId, Ada));
        await _harness.Bus.Publish(new LeadReactivated(_leadId, Ada, _clock.GetUtcNow()));
        await Consumed<LeadReady>();
        await Consumed<LeadReactivated>();

        Assert.Equal(_saga.StateMachine.Deleted.Name, Saga().CurrentState);
        Assert.Empty(Announcements());
    }

    async Task Ready()
    {
        await _harness.Bus.Publish(new LeadReady(_leadId, Ada));
        Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
    }

    async Task<PlaceCall> Dial()
    {
        var before = _harness.Published.Select<PlaceCall>().Count(x => x.Context.Message.LeadId == _leadId);
        await _harness.Bus.Publish(new DialLead(_leadId, 3, TimeSpan.FromHours(1), Claim()));
        await Eventually(() => _harness.Published.Select<PlaceCall>().Count(x => x.Context.Message.LeadId == _leadId) > before, "PlaceCall published");
        return _harness.Published.Select<PlaceCall>().Select(x => x.Context.Message).Last(m => m.LeadId == _leadId);
    }

    DateTimeOffset Claim()
    {
        var claimedAt = _clock.GetUtcNow();
        Saga().DialRequestedAt = claimedAt;
        return claimedAt;
    }

    LeadState Saga() => _saga.Sagas.Contains(_leadId) ?? throw new InvalidOperationException("No saga for the lead.");

    List<LeadStatusChanged> Announcements() =>
        _harness.Published.Select<LeadStatusChanged>().Select(x => x.Context.Message).Where(m => m.LeadId == _leadId).ToList();

    Task Consumed<T>() where T : class => Eventually(() => _harness.Consumed.Select<T>().Any(), $"{typeof(T).Name} consumed");

    static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for: {what}");
            await Task.Delay(10);
        }
    }
}
