namespace LeadDialer.Webhooks.Vapi;

public enum VapiWebhookAuth
{
    /// <summary>Vapi's legacy shared secret, in the <c>X-Vapi-Secret</c> header.</summary>
    Secret,
    /// <summary><c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    Bearer,
    /// <summary><c>x-signature</c> = hex(HMAC-SHA256(secret, "{x-timestamp}.{raw body}")).</summary>
    Hmac,
}

/// <summary>Section <c>Webhooks:Vapi</c>: how the server URL configured in Vapi authenticates; the secret comes from <c>VAPI_WEBHOOK_SECRET</c>.</summary>
public sealed class VapiWebhookOptions
{
    public const string SectionName = "Webhooks:Vapi";
    public const string SecretVariable = "VAPI_WEBHOOK_SECRET";

    /// <summary>Used when VAPI_WEBHOOK_SECRET is not set; the simulator sends it, Vapi does not.</summary>
    public const string DevelopmentSecret = "dev-vapi-webhook-secret";

    public VapiWebhookAuth Auth { get; set; } = VapiWebhookAuth.Secret;

    public string Secret { get; set; } = DevelopmentSecret;

    /// <summary>How long a status-update "ended" waits for the end-of-call-report before it ends the call by itself.</summary>
    public TimeSpan EndedStatusGrace { get; set; } = TimeSpan.FromSeconds(10);
}
