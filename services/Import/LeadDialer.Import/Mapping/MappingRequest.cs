using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Data;
using PhoneNumbers;

namespace LeadDialer.Import.Mapping;

/// <summary>"Map your columns": column name → target; columns left out are ignored.</summary>
/// <param name="DefaultRegion">ISO 3166 region (e.g. US) for numbers written without +; never applied unless given.</param>
public sealed record MappingRequest(Dictionary<string, string>? Columns, string? DefaultRegion)
{
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

            target = target.ToLowerInvariant();
            if (target == MappingTarget.Ignore)
            {
                continue;
            }

            if (!MappingTarget.Standard.Contains(target))
            {
                errors[$"columns.{column}"] = [$"'{rawTarget}' is not a target. Use one of: name, phone, email, company, timezone, custom:<field>, ignore."];
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
}
