namespace LeadDialer.Gateway.ApiKeys;

public sealed class ApiKeyOptions
{
    /// <summary>The bootstrap key, from <c>LEADDIALER_API_KEY</c>: accepted on /api/** and allowed to manage keys.</summary>
    public const string BootstrapVariable = "LEADDIALER_API_KEY";

    /// <summary>Optional separate key for /admin/** only; without it the bootstrap key is the admin key.</summary>
    public const string AdminVariable = "LEADDIALER_ADMIN_KEY";

    /// <summary>Extra keys accepted from configuration (e.g. a secret store), like the bootstrap key.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Requests per second per key when the key does not set its own; also the burst allowed.</summary>
    public int DefaultPermitsPerSecond { get; set; } = 200;

    /// <summary>How often each gateway instance reloads the keys, so a revocation elsewhere takes effect.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
