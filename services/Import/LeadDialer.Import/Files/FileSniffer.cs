using System.Text;

namespace LeadDialer.Import.Files;

/// <summary>
/// Looks at an upload as it streams to disk, chunk by chunk, without keeping it: its encoding
/// (byte order mark, else UTF-8 if every byte sequence is valid UTF-8, else Windows-1252), NUL
/// bytes, and whether it is a binary file rather than text.
/// </summary>
public sealed class FileSniffer
{
    static readonly (byte[] Magic, string Kind)[] BinarySignatures =
    [
        ("PK\u0003\u0004"u8.ToArray(), "a ZIP archive or an Excel workbook (.xlsx)"),
        ([0xD0, 0xCF, 0x11, 0xE0], "an old Excel workbook (.xls)"),
        ("%PDF"u8.ToArray(), "a PDF document"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([0x7F, 0x45, 0x4C, 0x46], "an executable"),
        ("MZ"u8.ToArray(), "an executable"),
    ];

    const int HeadLength = 8192;
    readonly byte[] _head = new byte[HeadLength];
    int _headLength;
    readonly byte[] _carry = new byte[4];
    int _carryLength;
    bool _invalidUtf8;

    public long Length { get; private set; }

    /// <summary>Byte offset of the first NUL byte in single-byte or UTF-8 text, or -1.</summary>
    public long FirstNulOffset { get; private set; } = -1;

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_headLength < HeadLength)
        {
            var take = Math.Min(chunk.Length, HeadLength - _headLength);
            chunk[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }

        if (FirstNulOffset < 0 && chunk.IndexOf((byte)0) is var nul and >= 0)
        {
            FirstNulOffset = Length + nul;
        }

        if (!_invalidUtf8)
        {
            ValidateUtf8(chunk);
        }

        Length += chunk.Length;
    }

    /// <summary>What the file is, once every chunk has been appended.</summary>
    public SniffResult Finish()
    {
        var head = _head.AsSpan(0, _headLength);
        if (Length == 0)
        {
            return new SniffResult(SniffVerdict.Empty, null, null);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new SniffResult(SniffVerdict.Text, Encoding.Unicode, null);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new SniffResult(SniffVerdict.Text, Encoding.BigEndianUnicode, null);
        }

        foreach (var (magic, kind) in BinarySignatures)
        {
            if (head.StartsWith(magic))
            {
                return new SniffResult(SniffVerdict.Binary, null, kind);
            }
        }

        if (LooksLikeUtf16WithoutBom(head, out var utf16))
        {
            return new SniffResult(SniffVerdict.Text, utf16, null);
        }

        // Text has few control characters besides tab, CR and LF; binary data is full of them.
        var controls = 0;
        foreach (var b in head)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n' and not 0x0C)
            {
                controls++;
            }
        }

        if (controls > head.Length / 10)
        {
            return new SniffResult(SniffVerdict.Binary, null, "binary data");
        }

        if (FirstNulOffset >= 0)
        {
            return new SniffResult(SniffVerdict.NulBytes, null, null, FirstNulOffset);
        }

        var utf8 = !_invalidUtf8 && _carryLength == 0;
        return new SniffResult(SniffVerdict.Text, utf8 ? new UTF8Encoding(false) : Encoding.GetEncoding(1252), null);
    }

    // UTF-16 without a byte order mark: every other byte of ASCII text is zero.
    static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> head, out Encoding? encoding)
    {
        encoding = null;
        var pairs = Math.Min(head.Length / 2, 512);
        if (pairs < 4)
        {
            return false;
        }

        int evenZero = 0, oddZero = 0;
        for (var i = 0; i < pairs; i++)
        {
            if (head[2 * i] == 0)
            {
                evenZero++;
            }

            if (head[(2 * i) + 1] == 0)
            {
                oddZero++;
            }
        }

        if (oddZero > pairs * 0.8 && evenZero < pairs * 0.05)
        {
            encoding = Encoding.Unicode;
        }
        else if (evenZero > pairs * 0.8 && oddZero < pairs * 0.05)
        {
            encoding = Encoding.BigEndianUnicode;
        }

        return encoding is not null;
    }

    void ValidateUtf8(ReadOnlySpan<byte> chunk)
    {
        // A multi-byte sequence may straddle two chunks: complete the carried bytes first.
        if (_carryLength > 0)
        {
            var need = SequenceLength(_carry[0]) - _carryLength;
            var take = Math.Min(need, chunk.Length);
            chunk[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            chunk = chunk[take..];
            if (_carryLength < SequenceLength(_carry[0]))
            {
                return;
            }

            if (!System.Text.Unicode.Utf8.IsValid(_carry.AsSpan(0, _carryLength)))
            {
                _invalidUtf8 = true;
                return;
            }

            _carryLength = 0;
        }

        var tail = IncompleteTail(chunk);
        if (!System.Text.Unicode.Utf8.IsValid(chunk[..^tail]))
        {
            _invalidUtf8 = true;
            return;
        }

        chunk[^tail..].CopyTo(_carry);
        _carryLength = tail;
    }

    static int SequenceLength(byte lead) => lead switch
    {
        >= 0xF0 => 4,
        >= 0xE0 => 3,
        >= 0xC0 => 2,
        _ => 1,
    };

    // How many bytes at the end of the chunk start a sequence that the chunk does not finish.
    static int IncompleteTail(ReadOnlySpan<byte> chunk)
    {
        for (var back = 1; back <= Math.Min(3, chunk.Length); back++)
        {
            var b = chunk[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: look further back for the lead byte
            }

            return b >= 0xC0 && SequenceLength(b) > back ? back : 0;
        }

        return 0;
    }
}

public enum SniffVerdict
{
    Text,
    Empty,
    Binary,
    NulBytes,
}

public sealed record SniffResult(SniffVerdict Verdict, Encoding? Encoding, string? BinaryKind, long NulOffset = -1)
{
    public static string NameOf(Encoding encoding) => encoding.CodePage switch
    {
        1200 => "utf-16LE",
        1201 => "utf-16BE",
        1252 => "windows-1252",
        _ => "utf-8",
    };

    public static Encoding FromName(string name) => name switch
    {
        "utf-16LE" => Encoding.Unicode,
        "utf-16BE" => Encoding.BigEndianUnicode,
        "windows-1252" => Encoding.GetEncoding(1252),
        _ => new UTF8Encoding(false),
    };
}
