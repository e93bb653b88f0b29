namespace LeadDialer.Webhooks.Retell;

/// <summary>Retell signs webhooks with the workspace's API key, taken from <c>RETELL_API_KEY</c>.</summary>
public sealed class RetellWebhookOptions
{
    public const string ApiKeyVariable = "RETELL_API_KEY";

    /// <summary>Used when RETELL_API_KEY is not set; the simulator signs with it, Retell does not.</summary>
    public const string DevelopmentApiKey = "dev-retell-key";

    public string ApiKey { get; set; } = DevelopmentApiKey;
}
