using System.Globalization;
using System.Text;

namespace Mmo.Metrics.Internal;

/// <summary>
/// The <c>le</c> label value of a histogram bucket, in the canonical form OpenMetrics asks for: Go's <c>%g</c>
/// with <c>.0</c> added to integers (<c>0.005</c>, <c>1.0</c>, <c>100000.0</c>, <c>1e+06</c>, <c>1e-05</c>).
/// </summary>
/// <remarks>
/// .NET's shortest round-trip text differs (<c>1</c>, <c>1E+15</c>, <c>1E-05</c>), and <c>le</c> is a label: a different
/// spelling is a different series to Prometheus. Both formats use this form, so switching formats keeps the series.
/// </remarks>
internal static class CanonicalNumber
{
    public static string Format(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }
        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (value == 0)
        {
            return "0.0";
        }
        // "R": the shortest digits that round-trip, which is what Go prints too; only the layout differs.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentText = shortest.IndexOfAny(['E', 'e']);
        var mantissa = exponentText < 0 ? shortest : shortest[..exponentText];
        var exponent = exponentText < 0 ? 0 : int.Parse(shortest[(exponentText + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        mantissa = mantissa.TrimStart('-');

        // Digits without the point, and where the point goes (digits before it), as Go's decimal type holds them.
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var pointPosition = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leadingZeros;

        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }
        var decimalExponent = pointPosition - 1;
        // Go's %g with the shortest precision uses exponent form below 1e-4 and from 1e6 (precision 6 for the decision).
        if (decimalExponent < -4 || decimalExponent >= 6)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }
            builder.Append('e').Append(decimalExponent < 0 ? '-' : '+');
            builder.Append(Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture));
            return builder.ToString();
        }
        if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }
        return builder.ToString();
    }
}
