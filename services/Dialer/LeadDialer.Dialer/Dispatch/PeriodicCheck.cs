namespace LeadDialer.Dialer.Dispatch;

/// <summary>
/// One of the guide's automatic checks: runs <see cref="RunOnce"/> at start and then every
/// interval until shutdown. A failed run is logged and the next one runs on time. A run that
/// publishes bounds its publishes (<see cref="LeadDialer.Messaging.MessagingExtensions.BoundedPublishing"/>),
/// so a publish hung on a dead channel cannot stop every later run.
/// </summary>
public abstract class PeriodicCheck(TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    protected ILogger Logger { get; } = logger;

    public abstract Task RunOnce(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        try
        {
            do
            {
                try
                {
                    await RunOnce(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Logger.LogWarning(ex, "{Check} failed; the next one runs in {Interval}", GetType().Name, interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
