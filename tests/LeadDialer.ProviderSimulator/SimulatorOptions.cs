namespace LeadDialer.ProviderSimulator;

/// <summary>Bound from the "Simulator" configuration section (env: Simulator__RingMilliseconds, ...).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>Time from create until the callee answers or the dial attempt fails.</summary>
    public int RingMilliseconds { get; set; } = 300;

    /// <summary>Conversation length for calls that connect (answered, voicemail).</summary>
    public int TalkMilliseconds { get; set; } = 500;

    /// <summary>How long a <c>create-timeout</c> step holds the request before giving up.</summary>
    public int CreateTimeoutMilliseconds { get; set; } = 30_000;

    /// <summary>How long a <c>create-slow</c> step (or every create, with <see cref="CreateLatencyMilliseconds"/>) holds the answer of a call it did create.</summary>
    public int CreateSlowMilliseconds { get; set; } = 15_000;

    /// <summary>Latency added to every create answer (the call is created first, as a slow provider would).</summary>
    public int CreateLatencyMilliseconds { get; set; }

    public RetellOptions Retell { get; set; } = new();

    public VapiOptions Vapi { get; set; } = new();
}

public sealed class VapiOptions
{
    /// <summary>Not bound from the section: comes from the plain key VAPI_API_KEY, shared with the services.</summary>
    public string ApiKey { get; set; } = "dev-vapi-key";

    public string WebhookUrl { get; set; } = "http://127.0.0.1:8080/webhooks/vapi";

    /// <summary>How the server URL authenticates deliveries: <c>secret</c> (X-Vapi-Secret), <c>bearer</c> (Authorization) or <c>hmac</c> (x-signature over "{x-timestamp}.{body}").</summary>
    public string WebhookAuth { get; set; } = "secret";

    /// <summary>The server URL's secret / token / HMAC key (VAPI_WEBHOOK_SECRET when set).</summary>
    public string WebhookSecret { get; set; } = "dev-vapi-webhook-secret";

    // Vapi's documented delivery: 20 s timeout, no retries unless a backoff plan is configured.
    public int WebhookTimeoutSeconds { get; set; } = 20;
    public int WebhookMaxRetries { get; set; }
    public int WebhookRetryBaseDelayMilliseconds { get; set; } = 500;

    public string OrgId { get; set; } = "org_simulator";

    /// <summary>Vapi's default concurrency per org (reported in subscriptionLimits).</summary>
    public int ConcurrencyLimit { get; set; } = 10;
}

public sealed class RetellOptions
{
    /// <summary>Not bound from the section: comes from the plain key RETELL_API_KEY, shared with the services.</summary>
    public string ApiKey { get; set; } = "dev-retell-key";

    public string WebhookUrl { get; set; } = "http://127.0.0.1:8080/webhooks/retell";

    // Retell's documented delivery: 10 s timeout, up to 3 retries. The backoff is ours (kept short for tests).
    public int WebhookTimeoutSeconds { get; set; } = 10;
    public int WebhookMaxRetries { get; set; } = 3;
    public int WebhookRetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>Agent reported when the request carries no override_agent_id.</summary>
    public string DefaultAgentId { get; set; } = "agent_simulator_default";

    /// <summary>The voices of the account (Retell's list-voices): create-agent with another voice_id answers 422.</summary>
    public List<string> Voices { get; set; } = ["11labs-Adrian", "11labs-Myra", "11labs-Marissa", "openai-Alloy", "openai-Nova", "deepgram-Angus", "cartesia-Cleo", "retell-Cimo"];
}
