namespace LeadDialer.ProviderSimulator.Stats;

/// <summary>
/// The figures tests assert invariants against. One lock keeps "active", "max concurrent" and
/// "overlapping" consistent with each other under concurrent creates.
/// </summary>
public sealed class SimulatorStats
{
    private readonly Lock _gate = new();

    // Active calls survive a reset (they are real in-flight calls); only the counters are cleared.
    private readonly Dictionary<string, string> _activeNumberByCallId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _activePerNumber = new(StringComparer.Ordinal);

    private long _callsCreated;
    private readonly SortedDictionary<int, long> _createRejected = [];
    private long _createTimeouts;
    private long _createsDelayed;
    private int _maxConcurrentCalls;
    private long _overlappingCallsToSameNumber;
    private readonly SortedDictionary<string, long> _callsPerNumber = new(StringComparer.Ordinal);
    private long _webhooksDelivered;
    private long _webhookFailures;
    private long _webhookAttempts;

    public void CallCreated(string callId, string toNumber)
    {
        lock (_gate)
        {
            _callsCreated++;
            _callsPerNumber[toNumber] = _callsPerNumber.GetValueOrDefault(toNumber) + 1;

            var activeToNumber = _activePerNumber.GetValueOrDefault(toNumber);
            if (activeToNumber > 0)
                _overlappingCallsToSameNumber++;
            _activePerNumber[toNumber] = activeToNumber + 1;

            _activeNumberByCallId[callId] = toNumber;
            _maxConcurrentCalls = Math.Max(_maxConcurrentCalls, _activeNumberByCallId.Count);
        }
    }

    /// <summary>Idempotent: the lifecycle may end a call from its error path too.</summary>
    public void CallEnded(string callId)
    {
        lock (_gate)
        {
            if (!_activeNumberByCallId.Remove(callId, out var toNumber))
                return;
            if (--_activePerNumber[toNumber] == 0)
                _activePerNumber.Remove(toNumber);
        }
    }

    public void CreateRejected(int statusCode)
    {
        lock (_gate)
            _createRejected[statusCode] = _createRejected.GetValueOrDefault(statusCode) + 1;
    }

    public void CreateTimedOut()
    {
        lock (_gate)
            _createTimeouts++;
    }

    public void CreateDelayed()
    {
        lock (_gate)
            _createsDelayed++;
    }

    public void WebhookAttempted()
    {
        lock (_gate)
            _webhookAttempts++;
    }

    public void WebhookFinished(bool delivered)
    {
        lock (_gate)
        {
            if (delivered)
                _webhooksDelivered++;
            else
                _webhookFailures++;
        }
    }

    public StatsSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new StatsSnapshot(
                _callsCreated,
                _createRejected.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
                _createRejected.Values.Sum(),
                _createTimeouts,
                _maxConcurrentCalls,
                _activeNumberByCallId.Count,
                _overlappingCallsToSameNumber,
                new Dictionary<string, long>(_callsPerNumber),
                _webhooksDelivered,
                _webhookFailures,
                _webhookAttempts,
                _createsDelayed);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _callsCreated = 0;
            _createRejected.Clear();
            _createTimeouts = 0;
            _createsDelayed = 0;
            // Calls still in flight remain concurrent, so the maximum restarts from them, not from zero.
            _maxConcurrentCalls = _activeNumberByCallId.Count;
            _overlappingCallsToSameNumber = 0;
            _callsPerNumber.Clear();
            _webhooksDelivered = 0;
            _webhookFailures = 0;
            _webhookAttempts = 0;
        }
    }
}

/// <param name="CreateRejected">Non-201 answers to create requests, keyed by HTTP status code.</param>
/// <param name="WebhooksDelivered">Webhook events acknowledged with 2xx (after retries, if any).</param>
/// <param name="WebhookFailures">Webhook events that still failed after the last retry.</param>
/// <param name="WebhookAttempts">Every HTTP attempt, retries included.</param>
/// <param name="CreatesDelayed">Creates whose call was placed but whose answer was held back (<c>create-slow</c>).</param>
public sealed record StatsSnapshot(
    long CallsCreated,
    IReadOnlyDictionary<string, long> CreateRejected,
    long CreateRejectedTotal,
    long CreateTimeouts,
    int MaxConcurrentCalls,
    int ActiveCalls,
    long OverlappingCallsToSameNumber,
    IReadOnlyDictionary<string, long> CallsPerNumber,
    long WebhooksDelivered,
    long WebhookFailures,
    long WebhookAttempts,
    long CreatesDelayed);
