namespace LeadDialer.Webhooks.PlacedCalls;

/// <summary>What a report claims about the call it is for: taken from the provider's metadata, so not believed yet.</summary>
public readonly record struct ClaimedCall(string Provider, string ProviderCallId, Guid LeadId, int Attempt, Guid CallAttemptId);

/// <summary>Whether a report may act: matched against the calls ProviderGateway placed.</summary>
public abstract record TrustVerdict
{
    private TrustVerdict()
    {
    }

    /// <summary>Exactly the call we placed: lead, attempt and call attempt id agree.</summary>
    public sealed record Trusted : TrustVerdict;

    /// <summary>Names a call or attempt we placed, but not as we placed it: dropped.</summary>
    public sealed record Mismatch(string Why) : TrustVerdict;

    /// <summary>No such call yet; its CallStarted may still be on its way (a short call's webhook can overtake it).</summary>
    public sealed record NotYetKnown : TrustVerdict;

    /// <summary>No such call after waiting for it: not one LeadDialer placed. Dropped.</summary>
    public sealed record Unknown(string Why) : TrustVerdict;
}

/// <summary>The one check every provider report passes before anything acts on it (ADR 0007).</summary>
public static class CallTrust
{
    /// <param name="byCall">The placed call with the report's (provider, provider call id), if any.</param>
    /// <param name="byAttempt">The placed call with the report's call attempt id, if any (only read when <paramref name="byCall"/> is null).</param>
    /// <param name="waited">How long the report has been waiting for its call to become known.</param>
    /// <param name="wait">How long a report may wait for its call's CallStarted.</param>
    public static TrustVerdict Check(ClaimedCall claimed, PlacedCall? byCall, PlacedCall? byAttempt, TimeSpan waited, TimeSpan wait)
    {
        if (byCall is not null)
        {
            return byCall.LeadId == claimed.LeadId && byCall.Attempt == claimed.Attempt && byCall.CallAttemptId == claimed.CallAttemptId
                ? new TrustVerdict.Trusted()
                : new TrustVerdict.Mismatch(
                    $"{claimed.Provider} call {claimed.ProviderCallId} names lead {claimed.LeadId} attempt {claimed.Attempt} (call attempt {claimed.CallAttemptId}), " +
                    $"but it was placed for lead {byCall.LeadId} attempt {byCall.Attempt} (call attempt {byCall.CallAttemptId})");
        }

        if (byAttempt is not null)
        {
            return new TrustVerdict.Mismatch(
                $"call attempt {claimed.CallAttemptId} was placed as {byAttempt.Provider} call {byAttempt.ProviderCallId}, not {claimed.Provider} call {claimed.ProviderCallId}");
        }

        return waited < wait
            ? new TrustVerdict.NotYetKnown()
            : new TrustVerdict.Unknown($"LeadDialer placed no {claimed.Provider} call {claimed.ProviderCallId} (waited {waited.TotalSeconds:0} s for it)");
    }

    /// <summary>When a report whose call is not known yet is looked at again: soon at first, then less often.</summary>
    public static TimeSpan NextLook(TimeSpan waited) =>
        TimeSpan.FromSeconds(Math.Clamp(waited.TotalSeconds / 4, 1, 30));
}
