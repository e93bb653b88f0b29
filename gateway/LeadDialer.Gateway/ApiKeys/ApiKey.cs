using System.Security.Cryptography;
using System.Text;

namespace LeadDialer.Gateway.ApiKeys;

/// <summary>An issued API key: only its SHA-256 hash and a short prefix (to recognise it in a list) are stored.</summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 100;

    /// <summary>What every issued key starts with, so a leaked one is easy to recognise (and scan for).</summary>
    public const string KeyPrefix = "ld_";

    public Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The key's first characters, e.g. <c>ld_Xr4T</c>; not enough to use it.</summary>
    public required string Prefix { get; init; }

    public required byte[] Hash { get; init; }

    /// <summary>What the key may do (<see cref="ApiKeyScopes"/>); keys issued before scopes existed have read, write and compliance.</summary>
    public required string[] Scopes { get; init; }

    /// <summary>This key's rate limit; null means the configured default.</summary>
    public int? PermitsPerSecond { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>A new random key (256 bits) and its row. The key itself is shown once and never stored.</summary>
    public static (ApiKey Row, string Key) Issue(string name, string[] scopes, int? permitsPerSecond, DateTimeOffset now)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            Prefix = key[..(KeyPrefix.Length + 4)],
            Hash = HashOf(key),
            Scopes = scopes,
            PermitsPerSecond = permitsPerSecond,
            CreatedAt = now,
        };
        return (row, key);
    }

    /// <summary>
    /// SHA-256, unsalted: the keys are 256 random bits, so a slow password hash would add nothing
    /// but latency to every request.
    /// </summary>
    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
