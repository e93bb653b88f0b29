namespace LeadDialer.ServiceDefaults.Outbox;

/// <summary>Wakes <see cref="OutboxRelay"/> once this process has committed outbox rows.</summary>
public sealed class OutboxSignal : WakeUpSignal;
