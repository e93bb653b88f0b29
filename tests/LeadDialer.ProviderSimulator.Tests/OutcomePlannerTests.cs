using LeadDialer.ProviderSimulator.Outcomes;
using LeadDialer.ProviderSimulator.Scripts;

namespace LeadDialer.ProviderSimulator.Tests;

public class OutcomePlannerTests
{
    private readonly ScriptStore _scripts = new();
    private readonly OutcomePlanner _planner;

    public OutcomePlannerTests() => _planner = new OutcomePlanner(_scripts);

    [Fact]
    public void Script_steps_are_consumed_in_order_then_the_digit_rule_applies()
    {
        // 65 would be no-answer by rule; the script overrides it until exhausted.
        _scripts.Set("+14155550165", [CallOutcome.Create500, CallOutcome.Busy, CallOutcome.Answered]);

        Assert.Equal(CallOutcome.Create500, _planner.Next("+14155550165"));
        Assert.Equal(CallOutcome.Busy, _planner.Next("+14155550165"));
        Assert.Equal(CallOutcome.Answered, _planner.Next("+14155550165"));
        Assert.Equal(CallOutcome.NoAnswer, _planner.Next("+14155550165"));
        Assert.Empty(_scripts.Snapshot());
    }

    [Fact]
    public void A_script_only_affects_its_own_number()
    {
        _scripts.Set("+14155550101", [CallOutcome.Voicemail]);

        Assert.Equal(CallOutcome.Answered, _planner.Next("+14155550102"));
        Assert.Equal(CallOutcome.Voicemail, _planner.Next("+14155550101"));
    }

    [Fact]
    public void Setting_a_script_replaces_the_previous_one()
    {
        _scripts.Set("+14155550101", [CallOutcome.Busy, CallOutcome.Busy]);
        _scripts.Set("+14155550101", [CallOutcome.CreateTimeout]);

        Assert.Equal(CallOutcome.CreateTimeout, _planner.Next("+14155550101"));
        Assert.Equal(CallOutcome.Answered, _planner.Next("+14155550101"));
    }

    [Theory]
    [InlineData("+14155550195", CallOutcome.Create500)]
    [InlineData("+14155550197", CallOutcome.Create500)]
    [InlineData("+14155550198", CallOutcome.Create429)]
    public void Once_failures_happen_once_per_number_until_reset(string number, CallOutcome firstFailure)
    {
        Assert.Equal(firstFailure, _planner.Next(number));
        Assert.Equal(CallOutcome.Answered, _planner.Next(number));
        Assert.Equal(CallOutcome.Answered, _planner.Next(number));

        _planner.Reset();

        Assert.Equal(firstFailure, _planner.Next(number));
    }

    [Fact]
    public void Once_state_is_per_number()
    {
        Assert.Equal(CallOutcome.Create500, _planner.Next("+14155550195"));
        Assert.Equal(CallOutcome.Create500, _planner.Next("+14155550295"));
    }

    [Fact]
    public void A_scripted_step_does_not_use_up_the_numbers_once_failure()
    {
        _scripts.Set("+14155550198", [CallOutcome.Answered]);

        Assert.Equal(CallOutcome.Answered, _planner.Next("+14155550198"));
        Assert.Equal(CallOutcome.Create429, _planner.Next("+14155550198"));
    }

    [Fact]
    public void Concurrent_creates_consume_each_step_exactly_once()
    {
        var steps = Enumerable.Repeat(CallOutcome.Busy, 500).ToArray();
        _scripts.Set("+14155550101", steps);

        var results = new System.Collections.Concurrent.ConcurrentBag<CallOutcome>();
        Parallel.For(0, 1000, _ => results.Add(_planner.Next("+14155550101")));

        Assert.Equal(500, results.Count(r => r == CallOutcome.Busy));
        Assert.Equal(500, results.Count(r => r == CallOutcome.Answered));
    }

    [Theory]
    [InlineData("answered", CallOutcome.Answered)]
    [InlineData("no-answer", CallOutcome.NoAnswer)]
    [InlineData("invalid-destination", CallOutcome.InvalidDestination)]
    [InlineData("lost-webhook", CallOutcome.LostWebhook)]
    [InlineData("create-timeout", CallOutcome.CreateTimeout)]
    [InlineData("create-429", CallOutcome.Create429)]
    [InlineData("voicemail-undetected", CallOutcome.VoicemailUndetected)]
    [InlineData("ends-concurrency-limit", CallOutcome.EndsConcurrencyLimit)]
    public void Step_names_parse(string name, CallOutcome expected)
    {
        Assert.True(CallOutcomes.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.Equal(name, parsed.ToName());
    }

    [Theory]
    [InlineData("ringing")]
    [InlineData("create-404")]
    [InlineData("")]
    public void Unknown_step_names_are_rejected(string name) =>
        Assert.False(CallOutcomes.TryParse(name, out _));
}
