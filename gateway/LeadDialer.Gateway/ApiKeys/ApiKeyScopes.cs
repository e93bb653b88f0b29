namespace LeadDialer.Gateway.ApiKeys;

/// <summary>
/// What a key may do, and the one map from a request (method + path) to the scope it needs
/// (ADR 0009). Everything the gateway checks about scopes goes through <see cref="Required"/>.
/// </summary>
public static class ApiKeyScopes
{
    /// <summary>Every GET (and HEAD/OPTIONS) on <c>/api</c>.</summary>
    public const string Read = "read";

    /// <summary>Every other request on <c>/api</c>, except the compliance ones.</summary>
    public const string Write = "write";

    /// <summary>Taking numbers off the do-not-call list and changing the compliance settings.</summary>
    public const string Compliance = "compliance";

    /// <summary>Managing keys at <c>/admin/api-keys</c>.</summary>
    public const string Admin = "admin";

    public static readonly string[] All = [Read, Write, Compliance, Admin];

    /// <summary>The bootstrap key, keys from configuration and keys issued before scopes existed: everything on /api.</summary>
    public static readonly string[] FullApi = [Read, Write, Compliance];

    /// <summary>An issued key whose request names no scopes: least privilege.</summary>
    public static readonly string[] IssuedByDefault = [Read];

    /// <summary>
    /// The scope a request needs; null for what any valid key may call (<c>/api/me</c>) and for
    /// paths outside <c>/api</c> and <c>/admin</c>.
    /// </summary>
    public static string? Required(string method, PathString path)
    {
        if (path.StartsWithSegments("/admin"))
        {
            return Admin;
        }

        if (!path.StartsWithSegments("/api") || path.StartsWithSegments(MeApi.Path))
        {
            return null;
        }

        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            return Read;
        }

        // Adding to the do-not-call list only restricts calling: a plain write. Removing from it,
        // and changing what compliance enforces, loosens it.
        if ((HttpMethods.IsDelete(method) && path.StartsWithSegments("/api/dnc"))
            || path.StartsWithSegments("/api/settings/compliance"))
        {
            return Compliance;
        }

        return Write;
    }
}
