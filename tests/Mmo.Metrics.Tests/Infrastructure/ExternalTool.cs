namespace Mmo.Metrics.Tests.Infrastructure;

/// <summary>
/// Finds a program on PATH. Tests that need one fail, never skip, when it is missing: CI installs it, and a
/// skipped check is one nobody notices is not running.
/// </summary>
internal static class ExternalTool
{
    public static string Require(string name, string debianPackage)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail($"'{name}' is not on PATH. Install the Debian package '{debianPackage}': apt-get install -y --no-install-recommends {debianPackage}");
        return null!;
    }
}
