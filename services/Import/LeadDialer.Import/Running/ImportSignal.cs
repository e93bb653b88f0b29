using LeadDialer.ServiceDefaults;

namespace LeadDialer.Import.Running;

/// <summary>Wakes the <see cref="ImportRunner"/> when an import is confirmed.</summary>
public sealed class ImportSignal : WakeUpSignal;
