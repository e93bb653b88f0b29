namespace LeadDialer.ServiceDefaults;

/// <summary>Headers the gateway sets on what it forwards; it drops any a client sent itself.</summary>
public static class GatewayHeaders
{
    /// <summary>The id of the API key that made the request (never the key): who removed a do-not-call entry.</summary>
    public const string KeyId = "X-LeadDialer-Key-Id";
}
