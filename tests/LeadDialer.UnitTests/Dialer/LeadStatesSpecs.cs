using LeadDialer.Dialer;
using LeadDialer.Dialer.Saga;
using Microsoft.Extensions.Options;

namespace LeadDialer.UnitTests.Dialer;

/// <summary>The state names the SQL uses (<see cref="LeadStates"/>) are the state machine's, every one of them.</summary>
public sealed class LeadStatesSpecs
{
    [Fact]
    public void The_names_in_lead_sagas_are_exactly_the_state_machines_states()
    {
        var machine = new LeadStateMachine(TimeProvider.System, Options.Create(new DialerOptions()));
        var declared = typeof(LeadStates).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order();

        var states = machine.States.Select(s => s.Name).Except([machine.Initial.Name, machine.Final.Name]).Order();

        Assert.Equal(states, declared);
    }
}
