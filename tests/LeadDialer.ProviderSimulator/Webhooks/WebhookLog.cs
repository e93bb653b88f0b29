namespace LeadDialer.ProviderSimulator.Webhooks;

/// <summary>Every webhook event sent since the last reset, with each HTTP attempt's outcome.</summary>
public sealed class WebhookLog
{
    private readonly Lock _gate = new();
    private readonly List<WebhookRecord> _records = [];

    public WebhookRecord Begin(string provider, string eventName, string callId, string url, DateTimeOffset at)
    {
        var record = new WebhookRecord(provider, eventName, callId, url, at);
        lock (_gate)
            _records.Add(record);
        return record;
    }

    public IReadOnlyList<WebhookRecordView> Snapshot()
    {
        lock (_gate)
            return [.. _records.Select(r => r.View())];
    }

    public void Clear()
    {
        lock (_gate)
            _records.Clear();
    }
}

public sealed class WebhookRecord(string provider, string eventName, string callId, string url, DateTimeOffset queuedAt)
{
    private readonly Lock _gate = new();
    private readonly List<WebhookAttempt> _attempts = [];
    private string _outcome = "pending";

    public void AddAttempt(WebhookAttempt attempt)
    {
        lock (_gate)
            _attempts.Add(attempt);
    }

    public void Finish(bool delivered)
    {
        lock (_gate)
            _outcome = delivered ? "delivered" : "failed";
    }

    public WebhookRecordView View()
    {
        lock (_gate)
            return new WebhookRecordView(provider, eventName, callId, url, queuedAt, _outcome, [.. _attempts]);
    }
}

/// <param name="StatusCode">HTTP status of the answer; null when the request failed or timed out.</param>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error, IReadOnlyDictionary<string, string> Headers);

public sealed record WebhookRecordView(
    string Provider,
    string Event,
    string CallId,
    string Url,
    DateTimeOffset QueuedAt,
    string Outcome,
    IReadOnlyList<WebhookAttempt> Attempts);
