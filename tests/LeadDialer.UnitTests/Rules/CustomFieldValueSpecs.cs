using LeadDialer.Rules;

namespace LeadDialer.UnitTests.Rules;

/// <summary>How a custom field's value may be written, and the one form it is stored in.</summary>
public sealed class CustomFieldValueSpecs
{
    [Theory]
    [InlineData("text", " CTO ", "CTO")]
    [InlineData("number", "42", "42")]
    [InlineData("number", "1250.50", "1250.50")]
    [InlineData("number", "-3.5", "-3.5")]
    [InlineData("number", ".5", "0.5")]
    [InlineData("date", "2026-11-27", "2026-11-27")]
    [InlineData("date", "11/27/2026", "2026-11-27")]
    [InlineData("date", "Nov 27 2026", "2026-11-27")]
    [InlineData("date", "27 November 2026", "2026-11-27")]
    [InlineData("boolean", "true", "true")]
    [InlineData("boolean", "TRUE", "true")]
    [InlineData("boolean", "yes", "true")]
    [InlineData("boolean", "y", "true")]
    [InlineData("boolean", "1", "true")]
    [InlineData("boolean", "False", "false")]
    [InlineData("boolean", "no", "false")]
    [InlineData("boolean", "0", "false")]
    public void Accepts_a_value_and_stores_it_in_one_form(string type, string text, string stored)
    {
        Assert.True(CustomFieldValue.TryParse(type, text, out var value, out _));
        Assert.Equal(stored, value);
    }

    [Theory]
    [InlineData("number", "lots", "'lots' is not a number")]
    [InlineData("number", "1e3", "no exponent")]
    [InlineData("number", "1,250", "no thousands separators")]
    [InlineData("number", "1 250", "e.g. 42 or 1250.50")]
    [InlineData("number", "5-", "'5-' is not a number")]
    [InlineData("date", "yesterday", "'yesterday' is not a date: write it as yyyy-MM-dd")]
    [InlineData("date", "2026-02-30", "yyyy-MM-dd")]
    [InlineData("date", "27/11/2026", "month first")]
    [InlineData("boolean", "maybe", "'maybe' is not a boolean (true or false): write true/false, yes/no or 1/0")]
    public void Refuses_a_value_of_the_wrong_type_saying_how_to_write_it(string type, string text, string hint)
    {
        Assert.False(CustomFieldValue.TryParse(type, text, out _, out var error));
        Assert.Contains(hint, error);
    }
}
