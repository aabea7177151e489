using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Mmo.DatabaseService.Migrations;

/// <summary>The migrations compiled into this assembly (Migrations/Sql/*.sql as embedded resources), in version order.</summary>
internal static partial class EmbeddedMigrations
{
    private const string Prefix = "Mmo.DatabaseService.Migrations.";

    public static IReadOnlyList<Migration> Load() => Load(typeof(EmbeddedMigrations).Assembly);

    public static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[Prefix.Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new MigrationException($"Migration file '{fileName}' is not named NNNN_description.sql (four digits, lower-case letters, digits and '_').");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Path.GetFileNameWithoutExtension(fileName), reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new MigrationException($"Migrations '{migrations[i - 1].Name}' and '{migrations[i].Name}' have the same version number.");
            }
        }
        return migrations;
    }

    [GeneratedRegex("^([0-9]{4})_[a-z0-9_]+\\.sql$")]
    private static partial Regex FileNamePattern();
}
