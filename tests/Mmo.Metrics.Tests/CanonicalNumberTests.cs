using Mmo.Metrics.Internal;

namespace Mmo.Metrics.Tests;

/// <summary>The examples the OpenMetrics 1.0 spec gives for canonical <c>le</c> values.</summary>
public class CanonicalNumberTests
{
    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.005, "0.005")]
    [InlineData(0.95, "0.95")]
    [InlineData(1.0, "1.0")]
    [InlineData(1.7, "1.7")]
    [InlineData(10.0, "10.0")]
    [InlineData(1e-10, "1e-10")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(100000.0, "100000.0")]
    [InlineData(1e+06, "1e+06")]
    [InlineData(1e+10, "1e+10")]
    [InlineData(1.1e+23, "1.1e+23")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(2500.0, "2500.0")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(-5.0, "-5.0")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Format_Bound_IsCanonical(double value, string expected)
    {
        Assert.Equal(expected, CanonicalNumber.Format(value));
    }
}
