namespace LeadDialer.Gateway.ApiKeys;

public sealed class ApiKeyOptions
{
    /// <summary>The bootstrap key, from <c>LEADDIALER_API_KEY</c>: accepted on /api/** and allowed to manage keys.</summary>
    public const string BootstrapVariable = "LEADDIALER_API_KEY";

    /// <summary>The key for /admin/** only, never accepted on /api. Required outside Development; in Development the bootstrap key stands in for it.</summary>
    public const string AdminVariable = "LEADDIALER_ADMIN_KEY";

    /// <summary>Keys that ship in this repository (dev.sh, compose, k8s): refused outside Development.</summary>
    public static readonly string[] ShippedDefaults = ["ld-dev-key-change-me", "CHANGE-ME"];

    /// <summary>Extra keys accepted from configuration (e.g. a secret store), like the bootstrap key.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Requests per second per key when the key does not set its own; also the burst allowed.</summary>
    public int DefaultPermitsPerSecond { get; set; } = 200;

    /// <summary>How often each gateway instance reloads the keys, so a revocation elsewhere takes effect.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
