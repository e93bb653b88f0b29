using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;

namespace LeadDialer.ProviderGateway.Data;

public enum ProviderCallStatus
{
    /// <summary>Claimed; the create request is about to be sent or in flight (or we died while it was).</summary>
    Requested,
    /// <summary>
    /// The create request may have reached the provider but its answer was lost (timeout, dropped
    /// connection): never sent again, resolved by looking the call up by its call attempt id.
    /// </summary>
    Unresolved,
    Started,
    Failed,
}

/// <summary>
/// One call attempt as sent to a provider. Its key is the Dialer's CallAttemptId, so a redelivered
/// PlaceCall finds the row and never dials again; the row keeps what is needed to answer it again.
/// </summary>
public sealed class ProviderCall
{
    public Guid CallAttemptId { get; init; }

    public Guid LeadId { get; init; }

    public int Attempt { get; init; }

    public required string Provider { get; init; }

    /// <summary>The agent the call was placed with (null for rows from before agents existed).</summary>
    public Guid? AgentId { get; init; }

    /// <summary>Why the attempt is unresolved, or how it was resolved.</summary>
    public string? Resolution { get; private set; }

    public string? ProviderCallId { get; private set; }

    public ProviderCallStatus Status { get; private set; }

    public ErrorKind? ErrorKind { get; private set; }

    /// <summary>The guide's reason when the provider refused the call.</summary>
    public string? Error { get; private set; }

    public string? ProviderMessage { get; private set; }

    public int? ProviderStatusCode { get; private set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>When the call's outcome was published (its CallEnded seen): from then on nobody asks the provider about it.</summary>
    public DateTimeOffset? OutcomeKnownAt { get; private set; }

    /// <summary>When the reconciler asks the provider about the call next (null: not asked yet; the first time follows from when it started).</summary>
    public DateTimeOffset? NextCheckAt { get; private set; }

    /// <summary>How often the provider was asked about the call.</summary>
    public int Checks { get; private set; }

    /// <summary>What the provider said the last time it was asked.</summary>
    public string? LastCheck { get; private set; }

    /// <summary>PostgreSQL's xmin: two deliveries cannot both record an answer for the attempt.</summary>
    public uint Version { get; private set; }

    public static ProviderCall Claim(PlaceCall command, string provider, Guid? agentId, DateTimeOffset now) => new()
    {
        CallAttemptId = command.CallAttemptId,
        LeadId = command.LeadId,
        Attempt = command.Attempt,
        Provider = provider,
        AgentId = agentId,
        Status = ProviderCallStatus.Requested,
        CreatedAt = now,
    };

    public CallStarted MarkStarted(string providerCallId, DateTimeOffset now)
    {
        Status = ProviderCallStatus.Started;
        ProviderCallId = providerCallId;
        CompletedAt = now;
        return ToCallStarted();
    }

    public CallFailed MarkFailed(LeadError error, int? providerStatusCode, DateTimeOffset now)
    {
        Status = ProviderCallStatus.Failed;
        ErrorKind = error.Kind;
        Error = error.Reason;
        ProviderMessage = error.ProviderMessage;
        ProviderStatusCode = providerStatusCode;
        CompletedAt = now;
        return ToCallFailed();
    }

    public void MarkUnresolved(string why)
    {
        Status = ProviderCallStatus.Unresolved;
        Resolution = why;
    }

    public void NoteResolution(string how) => Resolution = how;

    /// <summary>The provider was asked (whatever it answered); it is asked again at <paramref name="next"/> until the outcome is known.</summary>
    public void NoteCheck(DateTimeOffset next, string what)
    {
        Checks++;
        NextCheckAt = next;
        LastCheck = what.Length > 500 ? what[..500] : what;
    }

    public CallStarted ToCallStarted() =>
        new(LeadId, Attempt, CallAttemptId, Provider, ProviderCallId ?? string.Empty, CompletedAt ?? CreatedAt);

    public CallFailed ToCallFailed() =>
        new(LeadId, Attempt, CallAttemptId, Provider,
            new LeadError(ErrorKind ?? Contracts.ErrorKind.Temporary, Error ?? string.Empty, ProviderMessage, GuideErrors.Find(Error)?.FixFor(Provider)),
            ProviderStatusCode);
}
