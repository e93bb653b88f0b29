using Microsoft.Extensions.Configuration;

namespace LeadDialer.ServiceDefaults;

public static class ConnectionStrings
{
    /// <summary>
    /// <c>ConnectionStrings:{name}</c>, or a start-up error naming the variable. Empty counts as not set:
    /// deploy/k8s ships its Secret with empty values, and an unconfigured deploy must say what to set.
    /// </summary>
    public static string RequiredConnectionString(this IConfiguration configuration, string name, string hint) =>
        configuration.GetConnectionString(name) is { } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOperationException($"ConnectionStrings:{name} (ConnectionStrings__{name}) is not set. {hint}");
}
