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

/// <summary>One lead's saga on MassTransit's in-memory test harness, with the steps the specs take it through.</summary>
public abstract class LeadSagaSpec : IAsyncLifetime
{
    protected static readonly TimeSpan RetryDelay = TimeSpan.FromHours(2);
    protected static readonly LeadDetails Ada = new("Ada Lovelace", "+12125550100", "ada@example.com", "Analytical Engines", "Europe/London", new Dictionary<string, string> { ["job_title"] = "CTO" });
    protected static readonly LeadDetails Fixed = Ada with { Phone = "+12125550142" };

    protected readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));
    protected readonly Guid _leadId = NewId.NextGuid();
    ServiceProvider _provider = null!;
    protected ITestHarness _harness = null!;
    protected ISagaStateMachineTestHarness<LeadStateMachine, LeadState> _saga = null!;

    public async Task InitializeAsync()
    {
        // The fake clock goes to the state machine only: MassTransit's harness keeps real time for its own timeouts.
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

    protected async Task Ready()
    {
        await _harness.Bus.Publish(new LeadReady(_leadId, Ada));
        Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
    }

    protected async Task<PlaceCall> Dial(int maxAttempts = 3)
    {
        var before = await PlaceCallsPublished();
        await _harness.Bus.Publish(new DialLead(_leadId, maxAttempts, RetryDelay, Claim()));
        Assert.NotNull(await _saga.Exists(_leadId, m => m.InProgress));
        await Eventually(() => _harness.Published.Select<PlaceCall>().Count(x => x.Context.Message.LeadId == _leadId) > before, "PlaceCall published");
        var placed = _harness.Published.Select<PlaceCall>().Select(x => x.Context.Message).Where(m => m.LeadId == _leadId).ToList();
        Assert.Equal(before + 1, placed.Count);
        return placed[^1];
    }

    protected async Task End(PlaceCall call, CallOutcome outcome, string? reason = null)
    {
        await _harness.Bus.Publish(new CallEnded(_leadId, call.Attempt, call.CallAttemptId, "retell", "call_1", outcome, reason,
            _clock.GetUtcNow(), _clock.GetUtcNow(), 0, null, null));
        await Consumed<CallEnded>(m => m.CallAttemptId == call.CallAttemptId && m.Outcome == outcome);
    }

    protected async Task FailTemporarily(PlaceCall call)
    {
        await _harness.Bus.Publish(new CallFailed(_leadId, call.Attempt, call.CallAttemptId, "retell",
            new LeadError(ErrorKind.Temporary, "Server error", "Internal Server Error"), 500));
        await Consumed<CallFailed>(m => m.CallAttemptId == call.CallAttemptId);
        await Eventually(() => Saga().CallAttemptId != call.CallAttemptId, "the failure applied");
    }

    /// <summary>Stands in for the dispatcher: stamps a claim on the (idle) saga, as the dispatcher does in the database.</summary>
    protected DateTimeOffset Claim()
    {
        var claimedAt = _clock.GetUtcNow();
        Saga().DialRequestedAt = claimedAt;
        return claimedAt;
    }

    protected LeadState Saga() => _saga.Sagas.Contains(_leadId) ?? throw new InvalidOperationException("No saga for the lead.");

    protected List<LeadStatusChanged> Announcements() =>
        _harness.Published.Select<LeadStatusChanged>().Select(x => x.Context.Message).Where(m => m.LeadId == _leadId).ToList();

    protected async Task<bool> Announced(string status, int version)
    {
        await Eventually(() => Announcements().Any(m => m.Version >= version), $"status v{version} announced");
        return Announcements().Any(m => m.Status == status && m.Version == version);
    }

    /// <summary>Waits until the saga endpoint has consumed <paramref name="count"/> matching messages.</summary>
    protected Task Consumed<T>(Func<T, bool>? match = null, int count = 1) where T : class =>
        Eventually(() => _harness.Consumed.Select<T>().Count(x => match?.Invoke(x.Context.Message) ?? true) >= count, $"{count} {typeof(T).Name} consumed");

    protected static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for: {what}");
            await Task.Delay(10);
        }
    }

    protected async Task<int> PlaceCallsPublished()
    {
        await Task.Yield();
        return _harness.Published.Select<PlaceCall>().Count(x => x.Context.Message.LeadId == _leadId);
    }
}
