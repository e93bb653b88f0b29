using System.Text.Json;
using LeadDialer.Leads.Leads;

namespace LeadDialer.UnitTests.Leads;

public sealed class LeadPatchSpecs
{
    static LeadPatch Parse(string json, out Dictionary<string, string[]> errors)
    {
        errors = [];
        return LeadPatch.Parse(JsonDocument.Parse(json).RootElement, errors);
    }

    [Fact]
    public void Should_leave_absent_fields_alone_and_clear_null_ones()
    {
        var patch = Parse("""{"phone": "+447911123456", "company": null}""", out var errors);

        Assert.Empty(errors);
        Assert.True(patch.Phone.IsSet);
        Assert.Equal("+447911123456", patch.Phone.Value);
        Assert.True(patch.Company.IsSet);
        Assert.Null(patch.Company.Value);
        Assert.False(patch.Name.IsSet);
        Assert.False(patch.Email.IsSet);
        Assert.False(patch.Timezone.IsSet);
    }

    [Fact]
    public void Should_name_a_field_that_is_not_a_lead_field()
    {
        Parse("""{"job_title": "CTO"}""", out var errors);

        Assert.Contains("customFields", Assert.Single(errors["job_title"]));
    }

    [Fact]
    public void Should_point_a_status_change_to_reactivation()
    {
        Parse("""{"status": "pending"}""", out var errors);

        var message = Assert.Single(errors["status"]);
        Assert.Contains("POST /api/leads/{id}/reactivate", message);
        Assert.DoesNotContain("is not a lead field", message);
    }

    [Fact]
    public void Should_merge_custom_fields_value_by_value()
    {
        var patch = Parse("""{"customFields": {"job_title": "CEO", "vip": null}}""", out var errors);

        Assert.Empty(errors);
        Assert.Equal([new("job_title", "CEO"), new("vip", null)], patch.CustomFields);
    }

    [Fact]
    public void Should_refuse_a_body_that_is_not_an_object()
    {
        Parse("[1]", out var errors);

        Assert.Contains("JSON object", Assert.Single(errors).Value[0]);
    }
}
