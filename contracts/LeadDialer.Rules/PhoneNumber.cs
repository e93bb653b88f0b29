using System.Diagnostics.CodeAnalysis;
using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using PhoneNumbers;
using Parsed = PhoneNumbers.PhoneNumber;

namespace LeadDialer.Rules;

/// <summary>
/// A lead's phone number as the guide means it: E.164 as written ("+", country code, number; no
/// spaces, dashes or parentheses), and a number libphonenumber finds <em>possible</em> for its
/// country. A possible number outside every assigned range (the guide's own +15551234567) is
/// accepted with a <see cref="Warning"/>; calling it decides. Everything else fails with the
/// catalogue's reason (<see cref="GuideErrors.InvalidPhoneNumberFormat"/>) and says why. The
/// Leads API, SubmitLead, the CSV import and the do-not-call list all parse through here.
/// </summary>
public readonly record struct PhoneNumber
{
    /// <summary>E.164 allows at most 15 digits after the +.</summary>
    public const int MaxDigits = 15;

    /// <summary>A valid E.164 example, as the guide gives it.</summary>
    public const string Example = "+12125551234";

    // A shared, thread-safe singleton.
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    PhoneNumber(string e164, string? warning)
    {
        E164 = e164;
        Warning = warning;
    }

    /// <summary>The number in E.164, e.g. +12125551234.</summary>
    public string E164 { get; }

    /// <summary>Why the number, though possible, may not be reachable; null for a number in an assigned range.</summary>
    public string? Warning { get; }

    public override string ToString() => E164;

    /// <summary>Parses a phone written in E.164.</summary>
    /// <param name="error">Why the text is not a phone number the guide accepts; the lead's reason is <see cref="PhoneNumberErrors.Reason"/>.</param>
    public static bool TryParse(string? text, out PhoneNumber number, [NotNullWhen(false)] out string? error) =>
        TryParse(text, null, out number, out error);

    /// <summary>
    /// Parses a phone written in E.164 or, with <paramref name="defaultRegion"/> (the import's
    /// "default country"), written any way people write numbers of that region, e.g. (212) 555-1234.
    /// </summary>
    public static bool TryParse(string? text, string? defaultRegion, out PhoneNumber number, [NotNullWhen(false)] out string? error)
    {
        number = default;
        var written = text?.Trim() ?? string.Empty;
        if (ShapeError(written) is { } shape && (defaultRegion is null || written.Length == 0))
        {
            error = shape;
            return false;
        }

        Parsed parsed;
        try
        {
            parsed = Util.Parse(written, written.StartsWith('+') ? null : defaultRegion);
        }
        catch (NumberParseException ex)
        {
            error = ex.ErrorType == ErrorType.INVALID_COUNTRY_CODE
                ? $"'{written}' does not start with a country calling code after the +"
                : $"'{written}' is not a phone number{(defaultRegion is null ? string.Empty : $" of {defaultRegion} or in E.164")}";
            return false;
        }

        var possible = Util.IsPossibleNumberWithReason(parsed);
        if (possible != PhoneNumberUtil.ValidationResult.IS_POSSIBLE)
        {
            error = Impossible(written, parsed, possible);
            return false;
        }

        var e164 = Util.Format(parsed, PhoneNumberFormat.E164);
        number = new PhoneNumber(e164, Util.IsValidNumber(parsed) ? null : Unassigned(e164, parsed.CountryCode));
        error = null;
        return true;
    }

    /// <summary>A refused phone as a validation message: the catalogue's reason, why, and the guide's format.</summary>
    public static string Refusal(string why) => $"{PhoneNumberErrors.Reason}: {why}. {PhoneNumberErrors.Hint}";

    /// <summary>E.164's shape: "+" then 1 to 15 digits, nothing else. Null when the text has it.</summary>
    static string? ShapeError(string written)
    {
        if (written.Length == 0)
        {
            return $"No phone number: write it in E.164, e.g. {Example}";
        }

        if (written[0] != '+')
        {
            return $"'{written}' does not start with + and the country code (e.g. {Example}, not 2125551234)";
        }

        var digits = written.AsSpan(1);
        if (digits.ContainsAnyExcept("0123456789"))
        {
            return $"'{written}' contains characters other than digits after the + (spaces, dashes, parentheses or letters); write it as + and digits only, e.g. {Example}";
        }

        return digits.Length switch
        {
            0 => $"'{written}' has no digits after the +",
            > MaxDigits => $"'{written}' has {digits.Length} digits; E.164 allows at most {MaxDigits}",
            _ => null,
        };
    }

    static string Impossible(string written, Parsed parsed, PhoneNumberUtil.ValidationResult why)
    {
        var national = Util.GetNationalSignificantNumber(parsed).Length;
        var country = $"+{parsed.CountryCode}";
        var lengths = PossibleLengths(parsed.CountryCode);
        var expected = lengths.Count == 0 ? string.Empty : $"; numbers of {Place(parsed.CountryCode)} have {Describe(lengths)}";
        return why switch
        {
            PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => $"'{written}' does not start with a country calling code after the +",
            PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY =>
                $"'{written}' has {national} digits after the country code {country}, a local number without its area code{expected}",
            _ => $"'{written}' has {national} digits after the country code {country}{expected}",
        };
    }

    static string Unassigned(string e164, int countryCode) =>
        $"{e164} has the length of a number of {Place(countryCode)} but is in no range assigned to real phones " +
        $"(e.g. 555 numbers, reserved for films and examples). Check it with the lead: a call to it usually ends with \"{GuideErrors.PhoneNumberDoesNotExist.Reason}\".";

    /// <summary>"+1 (US)", or "+44 (GB)"; the main region of a shared calling code.</summary>
    static string Place(int countryCode) =>
        Util.GetRegionCodeForCountryCode(countryCode) is { } region and not "ZZ" and not "001" ? $"+{countryCode} ({region})" : $"+{countryCode}";

    static IReadOnlyList<int> PossibleLengths(int countryCode)
    {
        var region = Util.GetRegionCodeForCountryCode(countryCode);
        var metadata = region == "001" ? Util.GetMetadataForNonGeographicalRegion(countryCode) : Util.GetMetadataForRegion(region);
        return metadata?.GeneralDesc?.PossibleLengthList?.Where(l => l > 0).Order().ToList() ?? [];
    }

    static string Describe(IReadOnlyList<int> lengths) =>
        lengths.Count == 1 ? $"{lengths[0]}" :
        lengths[^1] - lengths[0] == lengths.Count - 1 ? $"{lengths[0]} to {lengths[^1]}" :
        $"{string.Join(", ", lengths.Take(lengths.Count - 1))} or {lengths[^1]}";
}
