namespace LeadDialer.Contracts.CustomFields;

/// <summary>The types a custom field can have, as spelled on the wire (Leads' definitions, the CSV import's <c>create:&lt;type&gt;</c>).</summary>
public static class CustomFieldTypes
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Date = "date";
    public const string Boolean = "boolean";

    public static readonly IReadOnlyList<string> All = [Text, Number, Date, Boolean];
}
