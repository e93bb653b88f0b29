using LeadDialer.Contracts.CustomFields;
using LeadDialer.Leads.CustomFields;

namespace LeadDialer.UnitTests.Import;

/// <summary>A CSV header as a new custom field's name: the one rule Leads checks names with.</summary>
public sealed class CustomFieldNameSpecs
{
    [Theory]
    [InlineData("Product Interest", "product_interest")]
    [InlineData("Budget", "budget")]
    [InlineData("  Job Title! ", "job_title")]
    [InlineData("Budget (USD)", "budget_usd")]
    [InlineData("deal-size", "deal_size")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("2nd phone", "field_2nd_phone")]
    [InlineData("Email", "lead_email")]
    [InlineData("First Name", "lead_first_name")]
    [InlineData("Präferenz", "pr_ferenz")]
    [InlineData("!!!", "field")]
    public void Should_derive_the_name_from_the_header(string header, string name) => Assert.Equal(name, CustomFieldNames.From(header));

    [Theory]
    [InlineData("Product Interest")]
    [InlineData("2nd phone")]
    [InlineData("Email")]
    [InlineData("!!!")]
    [InlineData("A header far longer than any Retell variable or Vapi placeholder may be, with words")]
    public void Should_derive_only_names_Leads_accepts(string header) => Assert.Null(CustomFieldRules.CheckName(CustomFieldNames.From(header)));
}
