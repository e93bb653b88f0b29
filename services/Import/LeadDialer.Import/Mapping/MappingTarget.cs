namespace LeadDialer.Import.Mapping;

/// <summary>What a column can hold: <c>name | phone | email | company | timezone | custom:&lt;field&gt; | create:&lt;type&gt; | ignore</c>.</summary>
public static class MappingTarget
{
    public const string Name = "name";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Company = "company";
    public const string Timezone = "timezone";
    public const string Ignore = "ignore";
    public const string CustomPrefix = "custom:";

    /// <summary>A new custom field of the type after the colon, named after the column's header; created on confirm.</summary>
    public const string CreatePrefix = "create:";

    public static readonly string[] Standard = [Name, Phone, Email, Company, Timezone];

    public static readonly string[] Required = [Name, Phone, Email];
}
