using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.IntegrationTests.Leads;

/// <summary>Keyset pages on PostgreSQL: every lead exactly once, in order, also where sort values tie.</summary>
public sealed class LeadListSpecs : IAsyncLifetime
{
    const int Count = 600;
    LeadsHost _host = null!;
    List<Lead> _leads = null!;

    public async Task InitializeAsync()
    {
        _host = await LeadsHost.Start("leads_list");
        var start = DateTimeOffset.Parse("2026-11-01T00:00:00Z");
        string[] statuses = [.. LeadStatus.All];
        // Ten leads share each created time and names repeat, so the id must break ties.
        _leads = Enumerable.Range(0, Count).Select(i => new Lead
        {
            Id = Guid.NewGuid(),
            Name = $"Lead {i % 50:000}",
            Phone = $"+1212555{i:0000}",
            Email = $"lead{i}@example.com",
            Company = i % 7 == 0 ? "Fifty 50% Off_Co" : "Acme",
            Status = statuses[i % statuses.Length],
            CreatedAt = start.AddMinutes(i / 10),
            UpdatedAt = start,
        }).ToList();
        await _host.Db(async db =>
        {
            db.Leads.AddRange(_leads);
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("-createdAt", null)]
    [InlineData("createdAt", null)]
    [InlineData("name", null)]
    [InlineData("-name", null)]
    [InlineData("-createdAt", LeadStatus.Retry)]
    [InlineData("name", LeadStatus.Failed)]
    public async Task Should_page_through_every_lead_once_in_order(string sort, string? status)
    {
        var pages = await Pages(sort, status, search: null, size: 37);

        var expected = _leads.Where(l => status is null || l.Status == status).ToList();
        var listed = pages.SelectMany(p => p).ToList();
        Assert.Equal(expected.Count, listed.Count);
        Assert.Equal(expected.Select(l => l.Id).Order(), listed.Select(l => l.Id).Order());
        Assert.All(pages.SkipLast(1), p => Assert.Equal(37, p.Count));

        var key = sort.TrimStart('-') == "name"
            ? listed.Select(l => (object)l.Name).ToList()
            : listed.Select(l => (object)l.CreatedAt).ToList();
        var ordered = sort.StartsWith('-') ? key.OrderDescending().ToList() : key.Order().ToList();
        Assert.Equal(ordered, key);
    }

    [Fact]
    public async Task Should_find_text_anywhere_in_name_phone_email_or_company_taking_wildcards_literally()
    {
        var byCompany = (await Pages("-createdAt", null, "50% off_", 100)).SelectMany(p => p).ToList();
        var byPhone = (await Pages("-createdAt", null, "5550123", 100)).SelectMany(p => p).ToList();
        var byEmail = (await Pages("-createdAt", LeadStatus.InProgress, "LEAD1@EXAMPLE", 100)).SelectMany(p => p).ToList();
        var none = (await Pages("-createdAt", null, "lead_0", 100)).SelectMany(p => p).ToList();

        Assert.Equal(_leads.Count(l => l.Company!.StartsWith("Fifty", StringComparison.Ordinal)), byCompany.Count);
        Assert.Equal(["+12125550123"], byPhone.Select(l => l.Phone));
        Assert.Equal([_leads[1].Id], byEmail.Select(l => l.Id));
        Assert.Empty((await Pages("-createdAt", LeadStatus.Pending, "LEAD1@EXAMPLE", 100)).SelectMany(p => p));
        Assert.Empty(none);
    }

    async Task<List<List<Lead>>> Pages(string sort, string? status, string? search, int size)
    {
        var pages = new List<List<Lead>>();
        string? cursor = null;
        do
        {
            var errors = new Dictionary<string, string[]>();
            var query = LeadListQuery.Parse(status, search, null, null, sort, cursor, errors);
            Assert.Empty(errors);
            var page = await _host.Db(db => query!.Page(db.Leads.AsNoTracking(), size + 1).ToListAsync());
            pages.Add(page.Take(size).ToList());
            cursor = page.Count > size ? query!.CursorAfter(page[size - 1]) : null;
            Assert.True(pages.Count <= Count, "The cursor does not move on.");
        }
        while (cursor is not null);

        return pages;
    }
}
