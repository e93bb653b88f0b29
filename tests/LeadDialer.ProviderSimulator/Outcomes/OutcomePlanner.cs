using LeadDialer.ProviderSimulator.Scripts;

namespace LeadDialer.ProviderSimulator.Outcomes;

/// <summary>Decides the outcome of each create: the number's script first, else the digit rule.</summary>
public sealed class OutcomePlanner(ScriptStore scripts)
{
    private readonly Lock _gate = new();

    // Numbers whose one-time create failure (rule 95–98) has already been served since the last reset.
    private readonly HashSet<string> _failedOnce = new(StringComparer.Ordinal);

    public CallOutcome Next(string toNumber)
    {
        if (scripts.TryDequeue(toNumber, out var scripted))
            return scripted;

        return DigitRule.For(toNumber) switch
        {
            DigitRule.Rule.Answered => CallOutcome.Answered,
            DigitRule.Rule.NoAnswer => CallOutcome.NoAnswer,
            DigitRule.Rule.Busy => CallOutcome.Busy,
            DigitRule.Rule.Voicemail => CallOutcome.Voicemail,
            DigitRule.Rule.InvalidDestination => CallOutcome.InvalidDestination,
            DigitRule.Rule.Create500Once => FirstTime(toNumber) ? CallOutcome.Create500 : CallOutcome.Answered,
            DigitRule.Rule.Create429Once => FirstTime(toNumber) ? CallOutcome.Create429 : CallOutcome.Answered,
            DigitRule.Rule.LostWebhook => CallOutcome.LostWebhook,
            var other => throw new InvalidOperationException($"Unhandled rule {other}."),
        };
    }

    public void Reset()
    {
        lock (_gate)
            _failedOnce.Clear();
    }

    private bool FirstTime(string toNumber)
    {
        lock (_gate)
            return _failedOnce.Add(toNumber);
    }
}
