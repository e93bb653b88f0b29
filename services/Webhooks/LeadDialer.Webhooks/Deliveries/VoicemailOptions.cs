namespace LeadDialer.Webhooks.Deliveries;

/// <summary>
/// <c>Webhooks:VoicemailWait</c>: how long a call that ended like an answered one waits for the
/// provider's analysis, which may say a mailbox answered (Retell's <c>call_analyzed</c> with
/// <c>in_voicemail</c>, Vapi's end-of-call-report). The guide retries voicemail; an answered call is
/// finished, so deciding too early would never call the lead again. Without an analysis in time the
/// end decides by itself.
/// </summary>
public sealed class VoicemailOptions
{
    public const string SectionName = "Webhooks";

    public TimeSpan VoicemailWait { get; set; } = TimeSpan.FromSeconds(60);
}
