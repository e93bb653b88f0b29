using LeadDialer.ServiceDefaults;

namespace LeadDialer.Dialer.Dispatch;

/// <summary>Wakes the <see cref="Dispatcher"/> when a call slot frees up or a lead becomes ready.</summary>
public sealed class DispatchSignal : WakeUpSignal;
