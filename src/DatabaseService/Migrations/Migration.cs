using System.Security.Cryptography;
using System.Text;

namespace Mmo.DatabaseService.Migrations;

/// <summary>
/// One versioned SQL migration, from a file named <c>NNNN_description.sql</c>. Its checksum is the
/// SHA-256 of the text with line endings normalised to LF, so a checkout with CRLF does not count as an edit.
/// </summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>Computed from <see cref="Sql"/> on each read, so a copy made with <c>with</c> gets its own.</summary>
    public string Checksum => ComputeChecksum(Sql);

    public static string ComputeChecksum(string sql)
    {
        var normalized = sql.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}
