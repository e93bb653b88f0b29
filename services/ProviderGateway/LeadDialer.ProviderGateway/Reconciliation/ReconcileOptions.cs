namespace LeadDialer.ProviderGateway.Reconciliation;

/// <summary>
/// <c>Reconcile</c>: when ProviderGateway asks a provider about a call whose outcome never came.
/// By default a call is asked about <see cref="Grace"/> after the longest it can last
/// (<see cref="MaxCallLength"/>, the providers' defaults), then again with backoff until the outcome is known.
/// </summary>
public sealed class ReconcileOptions
{
    public const string SectionName = "Reconcile";

    /// <summary>When set, the first ask comes this long after the call started, whatever its maximum length (Development and tests, where calls last seconds).</summary>
    public TimeSpan? After { get; set; }

    /// <summary>How long past its maximum length a call's outcome may take to arrive before the provider is asked.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The longest a call can last, per provider: Retell's <c>max_call_duration_ms</c> default (1 h), Vapi's <c>maxDurationSeconds</c> default (10 min).</summary>
    public Dictionary<string, TimeSpan> MaxCallLength { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often the calls due for asking are looked for.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The wait before asking again (a call still ongoing, a provider that could not be asked, an answer not acted on yet), doubling up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After this long since it started a call is no longer asked about: the Dialer's stale sweep (2 h in progress) is the last resort.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(3);

    public int BatchSize { get; set; } = 50;

    static readonly Dictionary<string, TimeSpan> ProviderDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        [Agents.ProviderNames.Retell] = TimeSpan.FromHours(1),
        [Agents.ProviderNames.Vapi] = TimeSpan.FromMinutes(10),
    };

    /// <summary>How long after it started a call of <paramref name="provider"/> is first asked about.</summary>
    public TimeSpan FirstAskAfter(string provider) =>
        After ?? (MaxCallLength.TryGetValue(provider, out var configured) ? configured : ProviderDefaults.GetValueOrDefault(provider, TimeSpan.FromHours(1))) + Grace;

    /// <summary>The wait before the next ask, after <paramref name="checks"/> asks.</summary>
    public TimeSpan NextAskAfter(int checks) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, Backoff.Ticks * (1L << Math.Clamp(checks, 0, 20))));
}
