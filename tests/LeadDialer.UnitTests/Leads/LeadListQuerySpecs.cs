using LeadDialer.Leads.Data;
using LeadDialer.Leads.Leads;

namespace LeadDialer.UnitTests.Leads;

public sealed class LeadListQuerySpecs
{
    [Fact]
    public void Should_name_each_bad_parameter_and_how_to_fix_it()
    {
        var errors = new Dictionary<string, string[]>();

        var query = LeadListQuery.Parse("done", null, DateTimeOffset.Parse("2026-11-02Z"), DateTimeOffset.Parse("2026-11-01Z"), "phone", "not-a-cursor", errors);

        Assert.Null(query);
        Assert.Contains("pending, in-progress, retry, completed, failed", errors["status"][0]);
        Assert.Contains("swap", errors["createdFrom"][0]);
        Assert.Contains("-createdAt, createdAt, name, -name", errors["sort"][0]);
        Assert.Contains("nextCursor", errors["cursor"][0]);
    }

    [Fact]
    public void Should_continue_from_the_cursor_it_gave_out_only_in_the_same_order()
    {
        var first = LeadListQuery.Parse(null, null, null, null, "name", null, new Dictionary<string, string[]>())!;
        var last = new Lead { Id = Guid.CreateVersion7(), Name = "Ada Lovelace", Phone = "+12125551234", Email = "ada@example.com", Status = "pending" };
        var cursor = first.CursorAfter(last);

        var next = LeadListQuery.Parse(null, null, null, null, "name", cursor, new Dictionary<string, string[]>());
        var otherOrder = new Dictionary<string, string[]>();
        LeadListQuery.Parse(null, null, null, null, "-createdAt", cursor, otherOrder);

        Assert.Equal(new LeadListQuery.Cursor("name", "Ada Lovelace", last.Id), next?.After);
        Assert.Contains("sorted by name", otherOrder["cursor"][0]);
    }
}
