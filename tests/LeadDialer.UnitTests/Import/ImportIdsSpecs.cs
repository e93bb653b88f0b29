using LeadDialer.Import.Running;

namespace LeadDialer.UnitTests.Import;

/// <summary>The derived lead ids that make a re-run batch detectable.</summary>
public sealed class ImportIdsSpecs
{
    static readonly DateTimeOffset Started = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    // PostgreSQL compares uuids byte by byte, i.e. as the big-endian string.
    static string Sortable(Guid id) => id.ToString("N");

    [Fact]
    public void The_same_import_and_row_always_get_the_same_version_7_id()
    {
        var import = Guid.CreateVersion7();
        Assert.Equal(ImportIds.Lead(import, Started, 42), ImportIds.Lead(import, Started, 42));
        Assert.Equal(7, ImportIds.Lead(import, Started, 42).Version);
    }

    [Fact]
    public void Ids_ascend_with_the_row_and_stay_inside_the_imports_range()
    {
        var import = Guid.CreateVersion7();
        var (from, to) = ImportIds.Range(import, Started);
        var ids = new long[] { 2, 3, 10_001, 1_000_001, 4_000_000_000 }.Select(r => Sortable(ImportIds.Lead(import, Started, r))).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(ids, id => Assert.InRange(id, Sortable(from), Sortable(to), StringComparer.Ordinal));
    }

    [Fact]
    public void Two_imports_started_in_the_same_millisecond_do_not_share_ids()
    {
        var a = ImportIds.Range(Guid.CreateVersion7(), Started);
        var other = ImportIds.Lead(Guid.CreateVersion7(), Started, 2);
        Assert.False(string.CompareOrdinal(Sortable(other), Sortable(a.From)) >= 0 && string.CompareOrdinal(Sortable(other), Sortable(a.To)) <= 0);
    }
}
