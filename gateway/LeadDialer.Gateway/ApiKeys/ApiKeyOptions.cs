namespace LeadDialer.Gateway.ApiKeys;

public sealed class ApiKeyOptions
{
    /// <summary>Accepted keys. <c>LEADDIALER_API_KEY</c>, when set, is accepted too.</summary>
    public List<string> Keys { get; set; } = [];
}
