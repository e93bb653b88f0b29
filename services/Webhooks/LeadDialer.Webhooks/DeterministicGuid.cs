using System.Security.Cryptography;
using System.Text;

namespace LeadDialer.Webhooks;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same provider event always gets the same
/// MessageId, so a webhook Retell delivers twice is recognisable downstream as one message.
/// </summary>
public static class DeterministicGuid
{
    /// <summary>LeadDialer's namespace for webhook message ids.</summary>
    public static readonly Guid WebhookNamespace = new("6f1d3c52-6a1e-4f4b-9f7e-2b8d1c4e5a90");

    public static Guid Create(Guid namespaceId, string name)
    {
        Span<byte> input = stackalloc byte[16];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        input.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(buffer, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}
