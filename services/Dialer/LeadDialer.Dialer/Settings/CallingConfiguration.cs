using LeadDialer.Dialer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadDialer.Dialer.Settings;

/// <summary>The calling configuration in force now: the stored settings, with the test-only retry delay applied.</summary>
public sealed record EffectiveCallingSettings(bool AutoCallingEnabled, int MaxConcurrentCalls, TimeSpan RetryDelay, int MaxAttempts);

public sealed class CallingConfiguration(IServiceScopeFactory scopes, IOptions<DialerOptions> options)
{
    public async Task<EffectiveCallingSettings> Current(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DialerDbContext>();
        var stored = await db.CallingSettings.AsNoTracking().SingleAsync(s => s.Id == CallingSettings.SingletonId, cancellationToken);
        return new EffectiveCallingSettings(
            stored.AutoCallingEnabled,
            stored.MaxConcurrentCalls,
            options.Value.TestingRetryDelay ?? TimeSpan.FromHours(stored.RetryDelayHours),
            stored.MaxAttempts);
    }
}
