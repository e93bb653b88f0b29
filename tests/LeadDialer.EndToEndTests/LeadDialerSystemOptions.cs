namespace LeadDialer.EndToEndTests;

/// <summary>What a run of the whole system may vary (the benchmark answers calls instantly; fault runs bring their own servers).</summary>
public sealed record LeadDialerSystemOptions
{
    public int RingMilliseconds { get; init; } = 100;

    public int TalkMilliseconds { get; init; } = 200;

    /// <summary>PostgreSQL to run on (no database named); null: the server <c>deploy/dev.sh test</c> prepared.</summary>
    public string? Postgres { get; init; }

    /// <summary>RabbitMQ virtual host to run on; null: the one <c>deploy/dev.sh test</c> prepared.</summary>
    public string? RabbitMq { get; init; }

    /// <summary>Only the processes a call passes through (no Import, console or second Dialer): less to start on a shared machine.</summary>
    public bool CallPathOnly { get; init; }

    /// <summary>Folder under .artifacts/e2e-logs for the processes' logs (two systems at once must not share one).</summary>
    public string LogFolder { get; init; } = "";
}
