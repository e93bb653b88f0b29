namespace LeadDialer.Console.Gateway;

/// <summary>
/// What an API call answered: the value, or the RFC 7807 problem with its field errors (keys as the
/// API names them, e.g. <c>phone</c>, <c>retryDelayHours</c>) for the form to show next to each field.
/// </summary>
public interface IApiResult
{
    string? ErrorFor(string field);
}

public sealed record ApiResult<T>(T? Value, int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors) : IApiResult
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The first message for a field, matched ignoring case (ASP.NET may camel-case or not).</summary>
    public string? ErrorFor(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>One line for a banner: the title and detail, else every field error.</summary>
    public string Message => Detail is { Length: > 0 } detail
        ? $"{Title}: {detail}"
        : Errors.Count > 0 ? $"{Title} {string.Join(" ", Errors.SelectMany(e => e.Value))}" : Title ?? $"The request failed ({Status}).";
}
