namespace LeadDialer.ServiceDefaults.Outbox;

/// <summary>
/// Wakes the relay as soon as this process has committed outbox rows, so publication does not
/// wait for the next poll. The poll remains for rows written by other instances or before a crash.
/// </summary>
public sealed class OutboxSignal
{
    readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer already woke the relay.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
