using Grpc.Core;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Tests.Protocol;

public class MetadataEncodingTests
{
    [Theory]
    [InlineData(new byte[] { }, "")]
    [InlineData(new byte[] { 0 }, "AA")]
    [InlineData(new byte[] { 0, 1 }, "AAE")]
    [InlineData(new byte[] { 0, 1, 0xfe }, "AAH+")]
    [InlineData(new byte[] { 0, 1, 0xfe, 0xff }, "AAH+/w")]
    public void EncodeValue_Binary_UnpaddedBase64(byte[] value, string expected)
    {
        Assert.Equal(expected, MetadataEncoding.EncodeValue(new Metadata.Entry("x-bin", value)));
    }

    [Fact]
    public void EncodeValue_Text_Unchanged()
    {
        Assert.Equal("hello world", MetadataEncoding.EncodeValue(new Metadata.Entry("x-text", "hello world")));
    }

    [Theory]
    [InlineData("AAH+/w")]
    [InlineData("AAH+/w==")]
    public void TryDecode_BinaryPaddedOrUnpadded_SameBytes(string wire)
    {
        var entry = MetadataEncoding.TryDecode("x-echo-trailing-bin", wire);

        Assert.NotNull(entry);
        Assert.Equal(new byte[] { 0, 1, 0xfe, 0xff }, entry.ValueBytes);
    }

    [Theory]
    [InlineData("AA")]
    [InlineData("AA==")]
    [InlineData("AAE")]
    [InlineData("AAE=")]
    [InlineData("")]
    public void TryDecode_EveryPaddingLength_Decodes(string wire)
    {
        var entry = MetadataEncoding.TryDecode("k-bin", wire);

        Assert.NotNull(entry);
        Assert.Equal(Convert.FromBase64String(wire.Length % 4 == 0 ? wire : wire + new string('=', 4 - wire.Length % 4)), entry.ValueBytes);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("!!!!")]
    [InlineData("AAAAA")]
    public void TryDecode_InvalidBase64_Null(string wire)
    {
        Assert.Null(MetadataEncoding.TryDecode("k-bin", wire));
    }

    [Fact]
    public void TryDecode_UpperCaseBinKey_TreatedAsBinary()
    {
        var entry = MetadataEncoding.TryDecode("K-BIN", "AQ");

        Assert.NotNull(entry);
        Assert.Equal("k-bin", entry.Key);
        Assert.Equal(new byte[] { 1 }, entry.ValueBytes);
    }

    [Theory]
    [InlineData("bad key", "v")]
    [InlineData("k", "caf\u00e9")]
    public void TryDecode_InvalidTextEntry_Null(string key, string value)
    {
        Assert.Null(MetadataEncoding.TryDecode(key, value));
    }

    [Fact]
    public void EncodeThenDecode_RandomBytes_RoundTrip()
    {
        var random = new Random(42);
        for (var length = 0; length < 64; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);

            var decoded = MetadataEncoding.TryDecode("r-bin", MetadataEncoding.EncodeValue(new Metadata.Entry("r-bin", bytes)));

            Assert.Equal(bytes, decoded!.ValueBytes);
        }
    }

    [Theory]
    [InlineData("AQ,AgM")]
    [InlineData("AQ, AgM")]
    [InlineData("AQ==, AgM=")]
    public void AddDecoded_CommaJoinedBinaryValues_OneEntryEach(string wire)
    {
        var metadata = new Metadata();

        MetadataEncoding.AddDecoded(metadata, "k-bin", wire);

        Assert.Equal([new byte[] { 1 }, new byte[] { 2, 3 }], metadata.Select(e => e.ValueBytes));
    }

    [Fact]
    public void AddDecoded_CommaInTextValue_KeptAsOneEntry()
    {
        var metadata = new Metadata();

        MetadataEncoding.AddDecoded(metadata, "k", "a, b");

        Assert.Equal("a, b", Assert.Single(metadata).Value);
    }

    [Fact]
    public void AddDecoded_OneBadPartOfSeveral_OthersKept()
    {
        var metadata = new Metadata();

        MetadataEncoding.AddDecoded(metadata, "k-bin", "AQ,!!,Ag");

        Assert.Equal([new byte[] { 1 }, new byte[] { 2 }], metadata.Select(e => e.ValueBytes));
    }
}
