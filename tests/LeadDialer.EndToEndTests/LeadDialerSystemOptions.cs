namespace LeadDialer.EndToEndTests;

/// <summary>What a run of the whole system may vary (the benchmark answers calls instantly).</summary>
public sealed record LeadDialerSystemOptions
{
    public int RingMilliseconds { get; init; } = 100;

    public int TalkMilliseconds { get; init; } = 200;
}
