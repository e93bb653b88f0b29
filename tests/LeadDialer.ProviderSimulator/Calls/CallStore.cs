using System.Collections.Concurrent;

namespace LeadDialer.ProviderSimulator.Calls;

/// <summary>
/// Every call ever created (GET /v2/get-call must keep working across a reset) plus the list of
/// calls created since the last reset, which GET /simulator/calls shows.
/// </summary>
public sealed class CallStore
{
    private readonly ConcurrentDictionary<string, SimulatedCall> _byId = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<SimulatedCall> _sinceReset = [];

    public void Add(SimulatedCall call)
    {
        _byId[call.CallId] = call;
        lock (_gate)
            _sinceReset.Add(call);
    }

    public SimulatedCall? Find(string callId) => _byId.GetValueOrDefault(callId);

    /// <summary>Every call ever created (list endpoints search them all, as the providers do).</summary>
    public IReadOnlyList<SimulatedCall> All() => [.. _byId.Values];

    public IReadOnlyList<SimulatedCall> SinceReset()
    {
        lock (_gate)
            return [.. _sinceReset];
    }

    public void ResetLog()
    {
        lock (_gate)
            _sinceReset.Clear();
    }
}
