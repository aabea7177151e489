using System.Globalization;

namespace Mmo.DatabaseBench;

/// <summary>Command line: <c>key=value</c> pairs; see <see cref="Usage"/>.</summary>
internal sealed record BenchOptions(string? Postgres, Uri? Address, int Characters, int Iterations, int Warmup, int SingleCallers)
{
    public const string Usage = """
        usage: Mmo.DatabaseBench [postgres=<connection string>] [address=http://host:port] [characters=1000] [iterations=20] [warmup=3] [single-callers=16]
          postgres   PostgreSQL for the in-process service (default: env ConnectionStrings__Postgres); the database must exist
          address    a running DatabaseService instead (the in-process one is not started)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var values = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.OrdinalIgnoreCase);
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(
            values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres"),
            values.TryGetValue("address", out var address) ? new Uri(address) : null,
            Int("characters", 1000),
            Int("iterations", 20),
            Int("warmup", 3),
            Int("single-callers", 16));
    }
}
