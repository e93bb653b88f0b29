namespace LeadDialer.ProviderGateway.Vapi;

/// <summary>Section <c>Providers:Vapi</c>; the API key comes from <c>VAPI_API_KEY</c>.</summary>
public sealed class VapiOptions
{
    public const string SectionName = "Providers:Vapi";
    public const string ApiKeyVariable = "VAPI_API_KEY";

    /// <summary>Used when VAPI_API_KEY is not set; the simulator accepts it, Vapi does not.</summary>
    public const string DevelopmentApiKey = "dev-vapi-key";

    /// <summary>The simulator by default; https://api.vapi.ai for the real thing.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:8099");

    public string ApiKey { get; set; } = DevelopmentApiKey;

    public ProviderHttpOptions Http { get; set; } = new();

    /// <summary>The LLM of an inline assistant (Vapi requires one when a system prompt is given).</summary>
    public string InlineModelProvider { get; set; } = "openai";

    public string InlineModel { get; set; } = "gpt-4o";

    /// <summary>How often the external assistants are read again (an edit in Vapi's dashboard may add a placeholder).</summary>
    public TimeSpan AssistantRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);
}
