using MassTransit;

namespace LeadDialer.Contracts;

/// <summary>
/// ProviderGateway asked the provider about a call it placed whose outcome never arrived (the webhook
/// was lost, or Webhooks was down when it came): the Webhooks service reads the answer exactly as it
/// reads a webhook, so whichever of the two comes first decides and the other changes nothing.
/// </summary>
/// <param name="LeadId">From ProviderGateway's own record of the call, not from the provider.</param>
/// <param name="Found">False when the provider does not know the call: a temporary failure.</param>
/// <param name="Call">The provider's call object as it answered (Retell <c>get-call</c>, Vapi <c>GET /call/{id}</c>), when found.</param>
[MessageUrn("leaddialer:call-polled:v1")]
public sealed record CallPolled(
    Guid LeadId,
    int Attempt,
    Guid CallAttemptId,
    string Provider,
    string ProviderCallId,
    bool Found,
    string? Call,
    DateTimeOffset PolledAt);
