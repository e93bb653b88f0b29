using System.Text;
using LeadDialer.Import.Files;

namespace LeadDialer.UnitTests.Import;

/// <summary>Encoding, NUL bytes and binary files, told apart while the upload streams in chunks.</summary>
public sealed class FileSnifferSpecs
{
    static FileSnifferSpecs() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    static SniffResult Sniff(byte[] bytes, int chunk = 3)
    {
        var sniffer = new FileSniffer();
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            sniffer.Append(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        }

        return sniffer.Finish();
    }

    [Fact]
    public void Utf8_split_across_chunks_in_the_middle_of_a_character_is_still_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("Name\r\nJosé Müller Zoë 日本\r\n");
        for (var chunk = 1; chunk <= 7; chunk++)
        {
            Assert.Equal("utf-8", SniffResult.NameOf(Sniff(bytes, chunk).Encoding!));
        }
    }

    [Fact]
    public void Utf8_with_a_byte_order_mark_is_utf8() =>
        Assert.Equal("utf-8", SniffResult.NameOf(Sniff([.. Encoding.UTF8.GetPreamble(), .. "Name\r\nJosé\r\n"u8.ToArray()]).Encoding!));

    [Fact]
    public void Bytes_that_are_not_utf8_are_windows_1252() =>
        Assert.Equal("windows-1252", SniffResult.NameOf(Sniff(Encoding.GetEncoding(1252).GetBytes("Name\r\nJosé Müller\r\n")).Encoding!));

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_utf16_and_its_zero_bytes_are_no_problem()
    {
        var result = Sniff([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Name,Phone\r\nAda,+12125551234\r\n")]);
        Assert.Equal(SniffVerdict.Text, result.Verdict);
        Assert.Equal("utf-16LE", SniffResult.NameOf(result.Encoding!));
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_is_recognised() =>
        Assert.Equal("utf-16LE", SniffResult.NameOf(Sniff(Encoding.Unicode.GetBytes("Name,Phone,Email\r\nAda,+12125551234,ada@example.com\r\n")).Encoding!));

    [Fact]
    public void Nul_bytes_in_text_are_reported_with_their_offset()
    {
        var result = Sniff("Name,Phone\r\nAda,+1212\05551234\r\n"u8.ToArray());
        Assert.Equal(SniffVerdict.NulBytes, result.Verdict);
        Assert.Equal(21, result.NulOffset);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "Excel workbook")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "PDF")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "PNG")]
    public void Known_binary_formats_are_named(byte[] bytes, string kind)
    {
        var result = Sniff(bytes);
        Assert.Equal(SniffVerdict.Binary, result.Verdict);
        Assert.Contains(kind, result.BinaryKind);
    }

    [Fact]
    public void Random_bytes_are_binary() =>
        Assert.Equal(SniffVerdict.Binary, Sniff(Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 251)).ToArray(), 512).Verdict);

    [Fact]
    public void Nothing_is_empty() => Assert.Equal(SniffVerdict.Empty, Sniff([]).Verdict);
}
