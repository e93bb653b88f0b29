namespace LeadDialer.ServiceDefaults;

/// <summary>
/// Wakes a polling background loop as soon as there is work, so latency does not depend on the
/// poll interval; the poll stays as the fallback for work this process was not told about.
/// </summary>
public class WakeUpSignal
{
    readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Someone else woke it first.
        }
    }

    /// <returns>True when notified, false when the timeout passed.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
