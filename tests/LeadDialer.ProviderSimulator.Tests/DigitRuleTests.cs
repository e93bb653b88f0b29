using LeadDialer.ProviderSimulator.Outcomes;
using Rule = LeadDialer.ProviderSimulator.Outcomes.DigitRule.Rule;

namespace LeadDialer.ProviderSimulator.Tests;

public class DigitRuleTests
{
    [Theory]
    [InlineData("+14155550100", Rule.Answered)]
    [InlineData("+14155550159", Rule.Answered)]
    [InlineData("+14155550160", Rule.NoAnswer)]
    [InlineData("+14155550169", Rule.NoAnswer)]
    [InlineData("+14155550170", Rule.Busy)]
    [InlineData("+14155550179", Rule.Busy)]
    [InlineData("+14155550180", Rule.Voicemail)]
    [InlineData("+14155550189", Rule.Voicemail)]
    [InlineData("+14155550190", Rule.InvalidDestination)]
    [InlineData("+14155550194", Rule.InvalidDestination)]
    [InlineData("+14155550195", Rule.Create500Once)]
    [InlineData("+14155550197", Rule.Create500Once)]
    [InlineData("+14155550198", Rule.Create429Once)]
    [InlineData("+14155550199", Rule.LostWebhook)]
    [InlineData("+4930123405", Rule.Answered)] // "05": the tens digit is a zero, not missing
    public void Last_two_digits_pick_the_outcome(string number, Rule expected) =>
        Assert.Equal(expected, DigitRule.For(number));

    [Theory]
    [InlineData("+4930123407", 7)]
    [InlineData("+14155550123", 23)]
    [InlineData("+19", 19)]
    public void Last_two_digits_are_read_from_the_end(string number, int expected) =>
        Assert.Equal(expected, DigitRule.LastTwoDigits(number));
}
