namespace LeadDialer.Dialer.Dispatch;

/// <summary>
/// One of the guide's automatic checks: runs <see cref="RunOnce"/> at start and then every
/// interval until shutdown. A failed run is logged and the next one runs on time.
/// </summary>
public abstract class PeriodicCheck(TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>
    /// How long a run's publishes may take. A publish begun as the broker died can wait for its
    /// confirm for ever (rabbitmq-dotnet-client #1928), and with it every later run: bounded, so
    /// the next run sends again.
    /// </summary>
    protected static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

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
