namespace LeadDialer.Contracts.Errors;

/// <summary>Where an error's words come from: a provider's section of the guide's Error Classification Guide, or LeadDialer itself.</summary>
[Flags]
public enum ErrorSource
{
    LeadDialer = 1,
    Retell = 2,
    Vapi = 4,
}

/// <summary>What one section says about a reason: its heading, "What it means" and "How to fix" (or "How to handle") steps.</summary>
/// <param name="Heading">The section's heading, word for word (Retell's "Phone number not found" or "not a valid number" is the quick reference's "Phone number does not exist").</param>
/// <param name="NothingPaused">This variant is raised before any provider is asked (LeadDialer's own), so no agent was paused and none needs resuming.</param>
public sealed record ErrorAdvice(ErrorSource Source, string Heading, string WhatItMeans, IReadOnlyList<string> Steps, bool NothingPaused = false);

/// <summary>A row of the guide's "Error Messages Quick Reference": "What It Means" and "What To Do" (for temporary errors, "What Happens").</summary>
public sealed record QuickReferenceRow(string WhatItMeans, string WhatToDo);

/// <summary>
/// One reason LeadDialer can store on a lead, with the guide's words for it. <see cref="Advice"/> holds one
/// entry per section that names it (Vapi and Retell word some reasons differently; the first is the default).
/// </summary>
/// <param name="RaisedBy">Who raises a reason no section names (only the quick reference does).</param>
/// <param name="PausesAgent">An account or configuration error: every other lead would fail the same way, so the agent is paused until a user resumes it.</param>
public sealed record GuideError(
    string Reason,
    ErrorKind Kind,
    IReadOnlyList<ErrorAdvice> Advice,
    QuickReferenceRow? QuickReference = null,
    bool PausesAgent = false,
    ErrorSource RaisedBy = 0)
{
    /// <summary>The guide's "Failed" row: "Fix issue, change status to pending" (the console's Reactivate).</summary>
    internal const string ChangeStatusToPending = "Then change the lead's status back to pending (Reactivate).";

    /// <summary>A paused agent dials again only when a user resumes it.</summary>
    internal const string PressResume = "Then press Resume on the agent in Settings → Agents.";

    /// <summary>Who raises the reason: a provider (its section of the guide, or its answers where the guide has no section) or LeadDialer itself.</summary>
    public ErrorSource Sources => Advice.Aggregate(RaisedBy, (sources, advice) => sources | advice.Source);

    /// <summary>The default advice's "What it means", else the quick reference's.</summary>
    public string WhatItMeans => Advice.Count > 0 ? Advice[0].WhatItMeans : QuickReference?.WhatItMeans ?? Reason;

    /// <summary>
    /// The advice of a section: <c>"retell"</c>, <c>"vapi"</c> (as providers are named on the bus) or
    /// <c>"LeadDialer"</c>; else the default. Null when only the quick reference names the reason.
    /// </summary>
    public ErrorAdvice? AdviceFor(string? source) =>
        Advice.FirstOrDefault(a => a.Source.ToString().Equals(source, StringComparison.OrdinalIgnoreCase))
        ?? Advice.FirstOrDefault();

    /// <summary>The section's "How to fix" steps (the quick reference's "What To Do" when no section names the reason), as sentences.</summary>
    public string StepsFor(string? source = null) =>
        string.Join(' ', (AdviceFor(source)?.Steps ?? [QuickReference?.WhatToDo ?? string.Empty]).Select(Sentence));

    /// <summary>The text stored in <see cref="LeadError.Fix"/>: the section's steps, then what to do with the agent and the lead.</summary>
    public string FixFor(string? source = null)
    {
        var resume = PausesAgent && AdviceFor(source) is not { NothingPaused: true };
        IEnumerable<string> then = (resume, Kind) switch
        {
            (true, ErrorKind.Permanent) => [PressResume, ChangeStatusToPending],
            (false, ErrorKind.Permanent) => [ChangeStatusToPending],
            (true, _) => [PressResume],
            _ => [],
        };
        return string.Join(' ', then.Prepend(StepsFor(source)));
    }

    /// <summary>The default <see cref="FixFor"/>.</summary>
    public string Fix => FixFor();

    /// <summary>The error as stored, its fix set here from the guide; <paramref name="providerMessage"/> only what the provider said.</summary>
    public LeadError ToLeadError(string? providerMessage = null, string? source = null) =>
        new(Kind, Reason, providerMessage, FixFor(source));

    internal static string Sentence(string step) => step.EndsWith('.') || step.EndsWith('!') ? step : step + ".";
}
