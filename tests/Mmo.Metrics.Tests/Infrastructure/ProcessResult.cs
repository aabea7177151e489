using System.Diagnostics;

namespace Mmo.Metrics.Tests.Infrastructure;

/// <summary>Runs a short-lived program with stdin text and a deadline, and returns its exit code and output.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public static async Task<ProcessResult> RunAsync(string fileName, string arguments, string standardInput)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(standardInput).DefaultTimeout();
            process.StandardInput.Close();
            await process.WaitForExitAsync().DefaultTimeout();
            return new ProcessResult(process.ExitCode, await stdout.DefaultTimeout(), await stderr.DefaultTimeout());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
