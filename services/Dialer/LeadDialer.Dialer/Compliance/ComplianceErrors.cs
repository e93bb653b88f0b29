using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;

namespace LeadDialer.Dialer.Compliance;

/// <summary>The errors compliance ends a lead with, from the error catalogue.</summary>
public static class ComplianceErrors
{
    public static LeadError OnDoNotCallList { get; } = GuideErrors.OnDoNotCallList.ToLeadError();
}
