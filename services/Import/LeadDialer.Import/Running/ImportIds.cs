using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LeadDialer.Import.Running;

/// <summary>
/// Lead ids derived from the import and the row, so a batch run twice produces the same ids and
/// its first run is detectable. Version 7 layout: the import's start (ms) first, then 42 bits of
/// the import id, then the row number — time-ordered, ascending through the file, and every lead
/// of one import inside one id range.
/// </summary>
public static class ImportIds
{
    public static Guid Lead(Guid importId, DateTimeOffset startedAt, long row)
    {
        Span<byte> b = stackalloc byte[16];
        var ms = (ulong)startedAt.ToUnixTimeMilliseconds();
        var k = ImportKey(importId);
        b[0] = (byte)(ms >> 40);
        b[1] = (byte)(ms >> 32);
        b[2] = (byte)(ms >> 24);
        b[3] = (byte)(ms >> 16);
        b[4] = (byte)(ms >> 8);
        b[5] = (byte)ms;
        b[6] = (byte)(0x70 | ((k >> 38) & 0x0F));
        b[7] = (byte)(k >> 30);
        b[8] = (byte)(0x80 | ((k >> 24) & 0x3F));
        b[9] = (byte)(k >> 16);
        b[10] = (byte)(k >> 8);
        b[11] = (byte)k;
        BinaryPrimitives.WriteUInt32BigEndian(b[12..], checked((uint)row));
        return new Guid(b, bigEndian: true);
    }

    /// <summary>Every id this import can give a lead (PostgreSQL orders uuids by their bytes, as laid out here).</summary>
    public static (Guid From, Guid To) Range(Guid importId, DateTimeOffset startedAt) =>
        (Lead(importId, startedAt, 0), Lead(importId, startedAt, uint.MaxValue));

    /// <summary>The id of one hand-over message: the same for the same import, batch and part.</summary>
    public static Guid HandOver(Guid importId, int batch, int part)
    {
        Span<byte> input = stackalloc byte[24];
        importId.TryWriteBytes(input);
        BinaryPrimitives.WriteInt32BigEndian(input[16..], batch);
        BinaryPrimitives.WriteInt32BigEndian(input[20..], part);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)(0x80 | (hash[6] & 0x0F)); // version 8: custom
        hash[8] = (byte)(0x80 | (hash[8] & 0x3F));
        return new Guid(hash[..16], bigEndian: true);
    }

    static ulong ImportKey(Guid importId)
    {
        Span<byte> bytes = stackalloc byte[16];
        importId.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) & ((1UL << 42) - 1);
    }
}
