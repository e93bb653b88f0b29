using LeadDialer.ProviderSimulator.Outcomes;

namespace LeadDialer.ProviderSimulator.Scripts;

/// <summary>Per-number outcome sequences; each create consumes one step.</summary>
public sealed class ScriptStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<CallOutcome>> _scripts = new(StringComparer.Ordinal);

    /// <summary>Replaces the number's script (PUT semantics); an empty list removes it.</summary>
    public void Set(string e164, IEnumerable<CallOutcome> steps)
    {
        var queue = new Queue<CallOutcome>(steps);
        lock (_gate)
        {
            if (queue.Count == 0)
                _scripts.Remove(e164);
            else
                _scripts[e164] = queue;
        }
    }

    public bool Remove(string e164)
    {
        lock (_gate)
            return _scripts.Remove(e164);
    }

    public bool TryDequeue(string e164, out CallOutcome step)
    {
        lock (_gate)
        {
            step = default;
            if (!_scripts.TryGetValue(e164, out var queue) || !queue.TryDequeue(out step))
                return false;
            // An exhausted script disappears so the number falls back to the digit rule.
            if (queue.Count == 0)
                _scripts.Remove(e164);
            return true;
        }
    }

    public IReadOnlyDictionary<string, string[]> Snapshot()
    {
        lock (_gate)
            return _scripts.ToDictionary(p => p.Key, p => p.Value.Select(s => s.ToName()).ToArray(), StringComparer.Ordinal);
    }

    public void Clear()
    {
        lock (_gate)
            _scripts.Clear();
    }
}
