using System.Net.Mail;
using CsvHelper;
using LeadDialer.Contracts;
using LeadDialer.Contracts.CustomFields;
using LeadDialer.Import.Data;
using LeadDialer.Import.Mapping;
using LeadDialer.Rules;

namespace LeadDialer.Import.Rows;

/// <summary>
/// Turns the current record of a <see cref="CsvReader"/> into a <see cref="LeadRow"/> through the
/// mapping, with the same checks "Add Lead" makes (required values, email, IANA time zone,
/// lengths) and the same lead rules (<see cref="PhoneNumber"/>, <see cref="CustomFieldValue"/>).
/// A bad phone is not a rejection: such a lead is stored as failed, as the guide says. The
/// import's one addition: with a default region chosen, a number written any other way —
/// "(212) 555-1234", "+1 212-555-1234" — is read in that region and rewritten to E.164.
/// </summary>
public sealed class RowReader
{
    // The Leads table's column sizes.
    const int MaxName = 200, MaxEmail = 320, MaxCompany = 200, MaxTimezone = 64;

    readonly int _name, _phone, _email, _company, _timezone;
    readonly (int Index, string Field, string Type)[] _custom;
    readonly int _columns;
    readonly string? _defaultRegion;
    readonly Dictionary<string, bool> _timezones = new(StringComparer.Ordinal);

    public RowReader(IReadOnlyList<MappedColumn> mapping, string? defaultRegion, int columns)
    {
        int Of(string target) => mapping.FirstOrDefault(m => m.Target == target)?.Index ?? -1;
        _name = Of(MappingTarget.Name);
        _phone = Of(MappingTarget.Phone);
        _email = Of(MappingTarget.Email);
        _company = Of(MappingTarget.Company);
        _timezone = Of(MappingTarget.Timezone);
        _custom = mapping.Where(m => m.Target.StartsWith(MappingTarget.CustomPrefix, StringComparison.Ordinal))
            .Select(m => (m.Index, m.Target[MappingTarget.CustomPrefix.Length..], m.FieldType ?? CustomFieldTypes.Text)).ToArray();
        _columns = columns;
        _defaultRegion = string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.ToUpperInvariant();
    }

    public LeadRow Read(CsvReader reader)
    {
        var fields = new string[_columns];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = reader.GetString(i) ?? "";
        }

        // RowNumber counts data records from 1; a spreadsheet shows the header as row 1.
        var row = new LeadRow { Row = reader.RowNumber + 1, Fields = fields };
        var problems = new List<string>(0);

        var name = OneLine(fields[_name]);
        var phone = fields[_phone];
        var email = fields[_email];
        var missing = new List<string>(0);
        if (name.Length == 0)
        {
            missing.Add("name");
        }

        if (phone.Length == 0)
        {
            missing.Add("phone");
        }

        if (email.Length == 0)
        {
            missing.Add("email");
        }

        if (missing.Count > 0)
        {
            problems.Add($"Missing {string.Join(", ", missing)} (required for every lead)");
        }

        if (name.Length > MaxName)
        {
            problems.Add($"Name is longer than {MaxName} characters");
        }

        if (email.Length > 0 && !IsEmail(email))
        {
            problems.Add($"Email '{Shorten(email)}' is not an email address (use the form name@example.com)");
        }

        row.Name = name;
        row.Email = email;

        if (_company >= 0 && OneLine(fields[_company]) is { Length: > 0 } company)
        {
            if (company.Length > MaxCompany)
            {
                problems.Add($"Company is longer than {MaxCompany} characters");
            }

            row.Company = company;
        }

        if (_timezone >= 0 && fields[_timezone] is { Length: > 0 } timezone)
        {
            if (timezone.Length > MaxTimezone || !IsIanaTimeZone(timezone))
            {
                problems.Add($"Timezone '{Shorten(timezone)}' is not an IANA time zone name (e.g. America/New_York)");
            }

            row.Timezone = timezone;
        }

        foreach (var (index, field, type) in _custom)
        {
            var value = fields[index];
            if (value.Length == 0)
            {
                continue;
            }

            if (CustomFieldValue.TryParse(type, value, out var normalized, out var error))
            {
                row.CustomFields[field] = normalized;
            }
            else
            {
                problems.Add($"{field} {error}");
            }
        }

        if (problems.Count > 0)
        {
            row.Kind = RowKind.Rejected;
            row.Reason = string.Join("; ", problems);
            row.Phone = phone;
            return row;
        }

        if (PhoneNumber.TryParse(phone, _defaultRegion, out var number, out var phoneError))
        {
            row.Kind = RowKind.Lead;
            row.Phone = number.E164;
            row.PhoneKey = PhoneKeys.Key(number.E164);
            row.PhoneWarning = number.Warning;
            row.OriginalPhone = number.E164 != phone ? phone : null;
        }
        else
        {
            row.Kind = RowKind.InvalidPhone;
            row.Phone = phone.Length <= 64 ? phone : phone[..64];
            row.Reason = PhoneNumberErrors.Reason;
            row.PhoneWarning = phoneError;
        }

        return row;
    }

    static string OneLine(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n') < 0 ? value : string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    static bool IsEmail(string email) =>
        email.AsSpan().IndexOfAny(" \r\n\t") < 0 && email.Length <= MaxEmail && MailAddress.TryCreate(email, out var address) && address.Address == email;

    bool IsIanaTimeZone(string id)
    {
        if (!_timezones.TryGetValue(id, out var valid))
        {
            valid = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
            _timezones[id] = valid;
        }

        return valid;
    }

    static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";
}
