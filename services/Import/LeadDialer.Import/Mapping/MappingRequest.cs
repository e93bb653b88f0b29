using System.ComponentModel;
using LeadDialer.Contracts.CustomFields;
using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Data;
using PhoneNumbers;

namespace LeadDialer.Import.Mapping;

/// <summary>"Map your columns": column name → target; columns left out are ignored.</summary>
/// <param name="DefaultRegion">ISO 3166 region (e.g. US) for numbers written without +; never applied unless given.</param>
public sealed record MappingRequest(
    [property: Description(MappingRequest.ColumnsDescription)] Dictionary<string, string>? Columns,
    [property: Description("ISO 3166 region (e.g. US) for numbers written without +; never applied unless given.")] string? DefaultRegion)
{
    public const string ColumnsDescription =
        "Column name → target: name, phone, email, company, timezone, custom:<field> (a custom field that exists), " +
        "create:text|number|date|boolean (a new custom field named after the column's header as the custom field rules require, " +
        "e.g. \"Product Interest\" → product_interest, created when the import is confirmed; the preview lists it), or ignore. Columns left out are ignored.";

    public Dictionary<string, string[]> Validate(IReadOnlyList<string> headers, IReadOnlyList<CustomFieldDefinition> customFields, out MappedColumn[] mapping)
    {
        var errors = new Dictionary<string, string[]>();
        var result = new List<MappedColumn>();
        var index = headers.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i, StringComparer.OrdinalIgnoreCase);
        var fields = customFields.ToDictionary(f => f.Name, StringComparer.Ordinal);

        foreach (var (column, rawTarget) in Columns ?? [])
        {
            var target = (rawTarget ?? "").Trim();
            if (!index.TryGetValue(column, out var i))
            {
                errors[$"columns.{column}"] = [$"The file has no column '{column}'. Its columns are: {string.Join(", ", headers)}."];
                continue;
            }

            if (target.StartsWith(MappingTarget.CustomPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var name = target[MappingTarget.CustomPrefix.Length..];
                if (!fields.TryGetValue(name, out var field))
                {
                    errors[$"columns.{column}"] = [fields.Count == 0
                        ? $"There is no custom field '{name}': none are defined. Create it first (POST /api/custom-fields), or map the column to ignore."
                        : $"There is no custom field '{name}'. Defined: {string.Join(", ", fields.Keys)}. Create it first (POST /api/custom-fields), or map the column to ignore."];
                    continue;
                }

                result.Add(new MappedColumn(headers[i], i, MappingTarget.CustomPrefix + field.Name, field.Type.ToLowerInvariant()));
                continue;
            }

            if (target.StartsWith(MappingTarget.CreatePrefix, StringComparison.OrdinalIgnoreCase))
            {
                if (New(headers[i], i, target[MappingTarget.CreatePrefix.Length..].Trim().ToLowerInvariant(), customFields, out var error) is { } created)
                {
                    result.Add(created);
                }
                else
                {
                    errors[$"columns.{column}"] = [error!];
                }

                continue;
            }

            target = target.ToLowerInvariant();
            if (target == MappingTarget.Ignore)
            {
                continue;
            }

            if (!MappingTarget.Standard.Contains(target))
            {
                errors[$"columns.{column}"] = [$"'{rawTarget}' is not a target. Use one of: name, phone, email, company, timezone, custom:<field>, create:text, create:number, create:date, create:boolean, ignore."];
                continue;
            }

            result.Add(new MappedColumn(headers[i], i, target));
        }

        foreach (var twice in result.GroupBy(m => m.Target).Where(g => g.Count() > 1))
        {
            errors[$"columns"] = [.. errors.GetValueOrDefault("columns") ?? [],
                $"Only one column can be mapped to {twice.Key}; {string.Join(" and ", twice.Select(m => $"'{m.Column}'"))} both are. Map the others to ignore."];
        }

        foreach (var required in MappingTarget.Required.Where(r => result.All(m => m.Target != r)))
        {
            errors[required] = [$"No column is mapped to {required}, which every lead needs (name, phone and email are required). Map the column that holds it."];
        }

        if (DefaultRegion is { Length: > 0 } region && !PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.ToUpperInvariant()))
        {
            errors["defaultRegion"] = [$"'{region}' is not a region libphonenumber knows. Use a two-letter ISO 3166 code such as US, GB or DE, or leave it out to accept only numbers written with +."];
        }

        mapping = [.. result.OrderBy(m => m.Index)];
        return errors;
    }

    // create:<type>: the field the column's header names; one that exists already with the type is simply used.
    static MappedColumn? New(string header, int index, string type, IReadOnlyList<CustomFieldDefinition> customFields, out string? error)
    {
        error = null;
        if (!CustomFieldTypes.All.Contains(type))
        {
            error = $"'{MappingTarget.CreatePrefix}{type}' is not a custom field type. Use {string.Join(", ", CustomFieldTypes.All.Select(t => MappingTarget.CreatePrefix + t))}.";
            return null;
        }

        var name = CustomFieldNames.From(header);
        var existing = customFields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing is null)
        {
            return new MappedColumn(header, index, MappingTarget.CustomPrefix + name, type, Create: true);
        }

        if (string.Equals(existing.Type, type, StringComparison.OrdinalIgnoreCase))
        {
            return new MappedColumn(header, index, MappingTarget.CustomPrefix + existing.Name, type);
        }

        error = $"The custom field '{existing.Name}' already exists as {existing.Type.ToLowerInvariant()}, so '{header}' cannot create it as {type}. " +
            $"Map the column to custom:{existing.Name} (values must then be {existing.Type.ToLowerInvariant()}), rename the column, or ignore it.";
        return null;
    }
}
