using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Tests.Protocol;

public class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("100n", 1L)]
    [InlineData("1n", 1L)]
    [InlineData("150n", 2L)]
    [InlineData("0S", 0L)]
    [InlineData("00000005m", 50_000L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void TryParse_ValidValue_ReturnsTimeout(string value, long expectedTicks)
    {
        var ok = GrpcTimeout.TryParse(value, out var timeout);

        Assert.True(ok);
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Fact]
    public void TryParse_LargestHours_DoesNotOverflow()
    {
        var ok = GrpcTimeout.TryParse("99999999H", out var timeout);

        Assert.True(ok);
        Assert.Equal(TimeSpan.FromHours(99_999_999), timeout);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("5")]
    [InlineData("123456789S")]
    [InlineData("10s")]
    [InlineData("10h")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("+1S")]
    [InlineData(" 1S")]
    [InlineData("1 S")]
    [InlineData("1.5S")]
    [InlineData("1e3m")]
    [InlineData("١S")]
    public void TryParse_InvalidValue_ReturnsFalse(string? value)
    {
        var ok = GrpcTimeout.TryParse(value, out var timeout);

        Assert.False(ok);
        Assert.Equal(TimeSpan.Zero, timeout);
    }

    [Theory]
    [InlineData(0L, "0u")]
    [InlineData(1L, "1u")]
    [InlineData(10L, "1u")]
    [InlineData(11L, "2u")]
    [InlineData(10_000L, "1000u")]
    [InlineData(999_999_990L, "99999999u")]
    [InlineData(1_000_000_000L, "100000m")]
    [InlineData(-5L, "0u")]
    public void Format_Ticks_FinestUnitWithinEightDigitsRoundedUp(long ticks, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Format_LongTimeouts_UseCoarserUnitsWithinEightDigits()
    {
        Assert.Equal("100000S", GrpcTimeout.Format(TimeSpan.FromSeconds(100_000)));
        Assert.Equal("1666667M", GrpcTimeout.Format(TimeSpan.FromSeconds(100_000_010)));
        Assert.Equal("8640000S", GrpcTimeout.Format(TimeSpan.FromDays(100)));
        Assert.Equal("1666667H", GrpcTimeout.Format(TimeSpan.FromMinutes(100_000_010)));
    }

    [Fact]
    public void Format_MaxValue_ClampsToLargestEncodableTimeout()
    {
        var formatted = GrpcTimeout.Format(TimeSpan.MaxValue);

        Assert.Equal("99999999H", formatted);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(123_456_789L)]
    [InlineData(36_000_000_000_123L)]
    [InlineData(3_155_378_975_999_999_999L)]
    public void Format_ThenTryParse_NeverShorterThanOriginalAndAtMostNineChars(long ticks)
    {
        var original = TimeSpan.FromTicks(ticks);

        var formatted = GrpcTimeout.Format(original);
        Assert.True(GrpcTimeout.TryParse(formatted, out var parsed), formatted);

        Assert.InRange(formatted.Length, 2, 9);
        Assert.True(parsed >= original, $"{formatted} parsed to {parsed}, shorter than {original}");
    }
}
