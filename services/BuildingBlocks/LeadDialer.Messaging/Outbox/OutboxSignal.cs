using LeadDialer.ServiceDefaults;

namespace LeadDialer.Messaging.Outbox;

/// <summary>Wakes <see cref="OutboxRelay"/> once this process has committed outbox rows.</summary>
public sealed class OutboxSignal : WakeUpSignal;
