namespace LeadDialer.Contracts;

/// <summary>Why a lead failed or was not reached, in the user guide's words.</summary>
/// <param name="Reason">The guide's reason, e.g. "Invalid phone number format".</param>
/// <param name="ProviderMessage">What the provider said, verbatim, when it said something.</param>
/// <param name="Fix">The guide's "how to fix" for the reason, when it gives one.</param>
public sealed record LeadError(ErrorKind Kind, string Reason, string? ProviderMessage = null, string? Fix = null);
