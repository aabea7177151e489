using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Tests.Protocol;

public class PercentEncodingTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain ASCII text ~!@#$^&*()_+")]
    [InlineData("100%")]
    [InlineData("%%%")]
    [InlineData("%41")]
    [InlineData("données ☃ 世界")]
    [InlineData("emoji 🎮")]
    [InlineData("tab\tnewline\ncr\r")]
    [InlineData("\u007f del and \u0000 nul")]
    public void Encode_ThenDecode_RoundTrips(string message)
    {
        var encoded = PercentEncoding.Encode(message);

        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(message, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100%", "100%25")]
    [InlineData("é", "%C3%A9")]
    [InlineData("a\nb", "a%0Ab")]
    [InlineData("☃", "%E2%98%83")]
    [InlineData("🎮", "%F0%9F%8E%AE")]
    public void Encode_Value_MatchesSpec(string message, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Encode(message));
    }

    [Fact]
    public void Encode_NoEscapesNeeded_ReturnsSameInstance()
    {
        const string message = "nothing to escape";

        Assert.Same(message, PercentEncoding.Encode(message));
    }

    [Theory]
    [InlineData("%c3%a9", "é")]
    [InlineData("%", "%")]
    [InlineData("%4", "%4")]
    [InlineData("abc%", "abc%")]
    [InlineData("%zz", "%zz")]
    [InlineData("%G1x", "%G1x")]
    [InlineData("50%-off", "50%-off")]
    [InlineData("%2", "%2")]
    [InlineData("%41%", "A%")]
    public void Decode_MalformedOrLowercaseEscapes_Tolerated(string value, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(value));
    }

    [Fact]
    public void Decode_InvalidUtf8Bytes_ReplacementCharacterNotException()
    {
        var decoded = PercentEncoding.Decode("bad %FF%FE byte");

        Assert.StartsWith("bad ", decoded);
        Assert.EndsWith(" byte", decoded);
        Assert.Contains('\uFFFD', decoded);
    }

    [Fact]
    public void Decode_NonAsciiCharactersFromNonConformingPeer_Tolerated()
    {
        var decoded = PercentEncoding.Decode("é %41");

        Assert.EndsWith(" A", decoded);
    }

    [Fact]
    public void Decode_LongMessage_RoundTrips()
    {
        var message = string.Concat(Enumerable.Repeat("ünïcødé 100% ", 5000));

        Assert.Equal(message, PercentEncoding.Decode(PercentEncoding.Encode(message)));
    }
}
