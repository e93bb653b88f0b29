namespace LeadDialer.Contracts;

/// <summary>The user guide's error classification.</summary>
public enum ErrorKind
{
    /// <summary>Won't fix itself: the lead is marked failed.</summary>
    Permanent,
    /// <summary>May pass: the lead is tried again later, not counted as an attempt.</summary>
    Temporary,
}
