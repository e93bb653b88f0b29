using System.Security.Cryptography;
using LeadDialer.Gateway.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadDialer.Gateway.ApiKeys;

/// <summary>A key the gateway knows, as the request path sees it.</summary>
/// <param name="Id">Stable id: the row id, <c>bootstrap</c>, or <c>config-N</c> for keys from configuration. Used as the rate-limit partition and in logs — never the key.</param>
/// <param name="Scopes">What the key may do (<see cref="ApiKeyScopes"/>).</param>
public sealed record KnownKey(string Id, string Name, byte[] Hash, bool Revoked, int PermitsPerSecond, IReadOnlyList<string> Scopes)
{
    public bool Has(string scope) => Scopes.Contains(scope);
}

/// <summary>
/// The accepted keys in memory, reloaded from the database every <see cref="ApiKeyOptions.RefreshInterval"/>
/// and right after this instance creates or revokes one, so checking a key costs no query.
/// </summary>
public sealed class ApiKeyStore(IServiceScopeFactory scopes, IOptions<ApiKeyOptions> options, IConfiguration configuration)
{
    volatile KnownKey[] _keys = [];

    readonly KnownKey[] _configured = FromConfiguration(options.Value, configuration);

    public async Task Refresh(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var rows = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        _keys = _configured
            .Concat(rows.Select(r => new KnownKey(r.Id.ToString(), r.Name, r.Hash, r.RevokedAt is not null, r.PermitsPerSecond ?? options.Value.DefaultPermitsPerSecond, r.Scopes)))
            .ToArray();
    }

    /// <summary>The known key matching the presented one, or null. Every known hash is compared, in constant time each.</summary>
    public KnownKey? Find(string presented)
    {
        var hash = ApiKey.HashOf(presented);
        KnownKey? match = null;
        foreach (var key in _keys)
        {
            // No early exit: the time taken does not tell which key came closest.
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                match = key;
            }
        }

        return match;
    }

    static KnownKey[] FromConfiguration(ApiKeyOptions options, IConfiguration configuration)
    {
        var keys = new List<KnownKey>();
        if (configuration[ApiKeyOptions.BootstrapVariable] is { Length: > 0 } bootstrap)
        {
            keys.Add(new KnownKey("bootstrap", "bootstrap", ApiKey.HashOf(bootstrap), false, options.DefaultPermitsPerSecond, ApiKeyScopes.FullApi));
        }

        keys.AddRange(options.Keys
            .Where(k => !string.IsNullOrWhiteSpace(k))
            .Select((k, i) => new KnownKey($"config-{i}", $"config-{i}", ApiKey.HashOf(k), false, options.DefaultPermitsPerSecond, ApiKeyScopes.FullApi)));
        return keys.ToArray();
    }

    /// <summary>Whether the presented key is the admin key (<c>LEADDIALER_ADMIN_KEY</c>, else the bootstrap key).</summary>
    public bool IsAdmin(string presented)
    {
        var admin = configuration[ApiKeyOptions.AdminVariable];
        if (string.IsNullOrWhiteSpace(admin))
        {
            admin = configuration[ApiKeyOptions.BootstrapVariable];
        }

        return !string.IsNullOrWhiteSpace(admin) && CryptographicOperations.FixedTimeEquals(ApiKey.HashOf(presented), ApiKey.HashOf(admin));
    }
}

/// <summary>Loads the keys before the gateway takes requests, then keeps them fresh.</summary>
public sealed class ApiKeyRefresher(ApiKeyStore store, IOptions<ApiKeyOptions> options, ILogger<ApiKeyRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered after the migrations, so the table exists; failing here fails the start-up loudly.
        await store.Refresh(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.Refresh(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep the last known keys: a database blip must not lock every client out.
                logger.LogWarning(ex, "Could not reload the API keys; keeping the ones loaded before");
            }
        }
    }
}
