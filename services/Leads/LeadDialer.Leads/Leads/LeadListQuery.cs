using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.Leads;

/// <summary>
/// The filters and order of <c>GET /api/leads</c> and its CSV export. Pages are keyset pages: the
/// cursor holds the last row's sort value and id, and the next page starts after it, so a page
/// costs the same at row 50 as at row 900,000 (an index per filter and order).
/// </summary>
public sealed record LeadListQuery(
    string? Status,
    string? Search,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    string Sort,
    LeadListQuery.Cursor? After)
{
    public static readonly IReadOnlyList<string> Sorts = ["-createdAt", "createdAt", "name", "-name"];

    public sealed record Cursor(string Sort, string Value, Guid Id);

    public static LeadListQuery? Parse(
        string? status, string? search, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, string? sort, string? cursor,
        IDictionary<string, string[]> errors)
    {
        if (status is not null && !LeadStatus.All.Contains(status))
        {
            errors["status"] = [$"'{status}' is not a status. Use one of: {string.Join(", ", LeadStatus.All)}."];
        }

        if (search is { Length: > 200 })
        {
            errors["search"] = ["Search text is longer than 200 characters; shorten it."];
        }

        if (createdFrom is not null && createdTo is not null && createdFrom > createdTo)
        {
            errors["createdFrom"] = ["createdFrom is after createdTo; swap them."];
        }

        sort ??= "-createdAt";
        if (!Sorts.Contains(sort))
        {
            errors["sort"] = [$"'{sort}' is not a sort order. Use one of: {string.Join(", ", Sorts)} ('-' for descending)."];
        }

        Cursor? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = Decode(cursor);
            if (after is not null && after.Sort != sort)
            {
                errors["cursor"] = [$"The cursor continues a list sorted by {after.Sort}, not {sort}. Keep the sort of the first page, or start again without a cursor."];
            }
            else if (after is null)
            {
                errors["cursor"] = ["The cursor is not one this API gave out. Use the nextCursor of the previous page unchanged, or start again without it."];
            }
        }

        return errors.Count > 0
            ? null
            : new LeadListQuery(status, string.IsNullOrWhiteSpace(search) ? null : search.Trim(), createdFrom, createdTo, sort, after);
    }

    /// <summary>
    /// One page: the ids are found first (an index-only walk when the index carries what the
    /// filters read), then only those rows are fetched.
    /// </summary>
    public IQueryable<Lead> Page(IQueryable<Lead> leads, int size)
    {
        var ids = Apply(leads).Select(l => l.Id).Take(size);
        return Order(leads.Where(l => ids.Contains(l.Id))).Take(size);
    }

    IQueryable<Lead> Order(IQueryable<Lead> leads) => Sort switch
    {
        "-createdAt" => leads.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
        "createdAt" => leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id),
        "name" => leads.OrderBy(l => l.Name).ThenBy(l => l.Id),
        _ => leads.OrderByDescending(l => l.Name).ThenByDescending(l => l.Id),
    };

    /// <summary>The filtered, ordered leads after the cursor.</summary>
    public IQueryable<Lead> Apply(IQueryable<Lead> leads)
    {
        if (Status is not null)
        {
            leads = leads.Where(l => l.Status == Status);
        }

        if (Search is not null)
        {
            var pattern = "%" + EscapeLike(Search.ToLowerInvariant()) + "%";
            leads = leads.Where(l => EF.Functions.Like(l.SearchText!, pattern, "\\"));
        }

        if (CreatedFrom is { } from)
        {
            leads = leads.Where(l => l.CreatedAt >= from);
        }

        if (CreatedTo is { } to)
        {
            leads = leads.Where(l => l.CreatedAt < to);
        }

        return (Sort, After) switch
        {
            ("-createdAt", null) => leads.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
            ("-createdAt", { } c) => leads
                .Where(l => EF.Functions.LessThan(ValueTuple.Create(l.CreatedAt, l.Id), ValueTuple.Create(CreatedAtOf(c), c.Id)))
                .OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
            ("createdAt", null) => leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id),
            ("createdAt", { } c) => leads
                .Where(l => EF.Functions.GreaterThan(ValueTuple.Create(l.CreatedAt, l.Id), ValueTuple.Create(CreatedAtOf(c), c.Id)))
                .OrderBy(l => l.CreatedAt).ThenBy(l => l.Id),
            ("name", null) => leads.OrderBy(l => l.Name).ThenBy(l => l.Id),
            ("name", { } c) => leads
                .Where(l => EF.Functions.GreaterThan(ValueTuple.Create(l.Name, l.Id), ValueTuple.Create(c.Value, c.Id)))
                .OrderBy(l => l.Name).ThenBy(l => l.Id),
            ("-name", null) => leads.OrderByDescending(l => l.Name).ThenByDescending(l => l.Id),
            (_, { } c) => leads
                .Where(l => EF.Functions.LessThan(ValueTuple.Create(l.Name, l.Id), ValueTuple.Create(c.Value, c.Id)))
                .OrderByDescending(l => l.Name).ThenByDescending(l => l.Id),
            _ => throw new InvalidOperationException($"Unknown sort {Sort}"),
        };
    }

    /// <summary>The cursor that continues after <paramref name="last"/>.</summary>
    public string CursorAfter(Lead last)
    {
        var value = Sort.EndsWith("createdAt", StringComparison.Ordinal)
            ? last.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)
            : last.Name;
        var json = JsonSerializer.SerializeToUtf8Bytes(new Cursor(Sort, value, last.Id));
        return Base64Url.EncodeToString(json);
    }

    static Cursor? Decode(string cursor)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<Cursor>(Base64Url.DecodeFromChars(cursor));
            return parsed is { Sort: not null, Value: not null } ? parsed : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    static DateTimeOffset CreatedAtOf(Cursor c) =>
        DateTimeOffset.TryParse(c.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : DateTimeOffset.MinValue;

    static string EscapeLike(string text) => new StringBuilder(text).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").ToString();
}
