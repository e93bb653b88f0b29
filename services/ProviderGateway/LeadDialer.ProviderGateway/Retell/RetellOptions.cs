namespace LeadDialer.ProviderGateway.Retell;

/// <summary>Section <c>Providers:Retell</c>; the API key comes from <c>RETELL_API_KEY</c>.</summary>
public sealed class RetellOptions
{
    public const string SectionName = "Providers:Retell";
    public const string ApiKeyVariable = "RETELL_API_KEY";

    /// <summary>Used when RETELL_API_KEY is not set; the simulator accepts it, Retell does not.</summary>
    public const string DevelopmentApiKey = "dev-retell-key";

    public const string ProviderName = "retell";

    /// <summary>The simulator by default; https://api.retellai.com for the real thing.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:8099");

    /// <summary>The default agent's caller number, owned in the Retell workspace (used only to create the default agent).</summary>
    public string FromNumber { get; set; } = "+15550000001";

    /// <summary>The default agent's Retell agent id (used only to create the default agent when there is none).</summary>
    public string AgentId { get; set; } = "agent_dev";

    public string ApiKey { get; set; } = DevelopmentApiKey;

    /// <summary>The voice of an inline agent that names none (Retell's <c>voice_id</c>).</summary>
    public string InlineVoiceId { get; set; } = "11labs-Adrian";

    public ProviderHttpOptions Http { get; set; } = new();
}
