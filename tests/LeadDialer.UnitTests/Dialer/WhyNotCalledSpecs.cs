using LeadDialer.Contracts;
using LeadDialer.Contracts.Dialing;
using LeadDialer.Dialer.Dialing;
using LeadDialer.Dialer.Saga;
using LeadDialer.Dialer.Schedule;
using LeadDialer.Dialer.Settings;

namespace LeadDialer.UnitTests.Dialer;

/// <summary>The guide's "Lead Stuck in Pending" causes, each in the words lead details show.</summary>
public sealed class WhyNotCalledSpecs
{
    // 27 Nov 2026 10:00 UTC = 05:00 in New York.
    static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    static readonly CallingSchedule NineToEight = new(new HashSet<DayOfWeek>(Enum.GetValues<DayOfWeek>()), 9 * 60, 20 * 60, "UTC");
    static readonly EffectiveCallingSettings Settings = new(true, 20, TimeSpan.FromHours(2), 3, NineToEight, AgentChoice.NoneKnown);

    static LeadState Pending(string zone = "Europe/London") => new()
    {
        CorrelationId = Guid.NewGuid(),
        CurrentState = nameof(LeadStateMachine.Pending),
        Lead = new LeadDetails("Ada", "+442071838750", "ada@example.com", null, null, new Dictionary<string, string>()),
        ReadyAt = Now.AddMinutes(-1),
        MaxAttempts = 3,
        TimeZone = zone,
    };

    [Fact]
    public void When_it_is_before_the_window_in_the_leads_zone_Should_say_until_when_in_local_time()
    {
        var state = WhyNotCalled.Explain(Pending("America/New_York"), Settings, 0, Now);

        Assert.Equal(WaitingReasons.OutsideCallingHours, state.WaitingReason);
        Assert.Equal("Outside calling hours until 09:00 local (America/New_York)", state.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero), state.WaitingUntil);
    }

    [Fact]
    public void When_auto_calling_is_off_Should_say_so_before_anything_else() =>
        Assert.Equal(WaitingReasons.AutoCallingOff, WhyNotCalled.Explain(Pending("America/New_York"), Settings with { AutoCallingEnabled = false }, 0, Now).WaitingReason);

    [Fact]
    public void When_agents_exist_but_none_is_selected_Should_say_no_agent_selected()
    {
        var state = WhyNotCalled.Explain(Pending(), Settings with { Agent = new AgentChoice(null, true, false, false, null) }, 0, Now);

        Assert.Equal(WaitingReasons.NoAgentSelected, state.WaitingReason);
        Assert.Equal("No agent selected", state.Message);
    }

    [Fact]
    public void When_the_selected_agent_is_paused_Should_give_the_pause_reason()
    {
        var state = WhyNotCalled.Explain(Pending(), Settings with { Agent = new AgentChoice(Guid.NewGuid(), true, true, true, "Agent not found") }, 0, Now);

        Assert.Equal(WaitingReasons.AgentPaused, state.WaitingReason);
        Assert.Equal("Agent paused: Agent not found", state.Message);
    }

    [Fact]
    public void When_every_slot_is_taken_Should_say_at_max_concurrent_calls()
    {
        var state = WhyNotCalled.Explain(Pending(), Settings, 20, Now);

        Assert.Equal(WaitingReasons.AtMaxConcurrentCalls, state.WaitingReason);
        Assert.StartsWith("At max concurrent calls", state.Message);
    }

    [Fact]
    public void When_backing_off_after_a_temporary_error_Should_say_until_when()
    {
        var lead = Pending();
        lead.ReadyAt = Now.AddSeconds(40);
        lead.TemporaryFailures = 3;

        var state = WhyNotCalled.Explain(lead, Settings, 0, Now);

        Assert.Equal(WaitingReasons.BackingOff, state.WaitingReason);
        Assert.Equal("Backing off until 2026-11-27 10:00:40 UTC after a temporary error (3 in a row)", state.Message);
        Assert.Equal(lead.ReadyAt, state.WaitingUntil);
    }

    [Fact]
    public void When_nothing_holds_it_back_Should_have_no_waiting_reason() =>
        Assert.Null(WhyNotCalled.Explain(Pending(), Settings, 3, Now).WaitingReason);

    [Fact]
    public void When_waiting_for_a_retry_Should_say_when_it_is_due()
    {
        var lead = Pending();
        lead.CurrentState = nameof(LeadStateMachine.Retry);
        lead.Attempts = 1;
        lead.RetryAt = Now.AddHours(2);

        var state = WhyNotCalled.Explain(lead, Settings, 0, Now);

        Assert.Equal(LeadStatus.Retry, state.Status);
        Assert.Equal(WaitingReasons.RetryDelay, state.WaitingReason);
        Assert.Equal(lead.RetryAt, state.NextRetryAt);
    }
}
