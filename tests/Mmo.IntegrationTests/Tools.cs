using System.Diagnostics;

namespace Mmo.IntegrationTests;

/// <summary>External programs the tests drive; a missing one fails the test with the package to install.</summary>
internal static class Tools
{
    public static string Require(string name, string debianPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"'{name}' is not installed: apt-get install -y --no-install-recommends {debianPackage} (./mmo test does this).");
    }

    /// <summary>Runs a program to completion (bounded to 30 s) with <paramref name="input"/> on stdin.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string arguments, string input)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
