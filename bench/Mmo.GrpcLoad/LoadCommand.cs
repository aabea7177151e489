namespace Mmo.GrpcLoad;

/// <summary>Runs the scenarios one server at a time and prints the tables.</summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(LoadOptions options, string commandLine, CancellationToken cancellationToken)
    {
        if (BuildCheck.FindUnoptimized() is { } debugAssembly)
        {
            Console.Error.WriteLine($"{debugAssembly} is a Debug build: its figures would mean nothing. Build and run with -c Release.");
            return 2;
        }
        var scenarios = Scenarios.Resolve(options);
        if (scenarios is null)
        {
            Console.Error.WriteLine(LoadOptions.Usage);
            return 2;
        }
        _ = LoadAverage.Before;
        using var sampler = options.AllocationProfile ? new AllocationSampler() : null;
        var runner = new LoadRunner(options, sampler);
        var results = new List<RunResult>();
        foreach (var group in scenarios.GroupBy(s => s.Target))
        {
            await using var target = await StartAsync(group.Key, group.ToList(), options, cancellationToken).ConfigureAwait(false);
            foreach (var scenario in group)
            {
                foreach (var callers in scenario.Callers)
                {
                    Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {scenario.Name} against {target.Name} at {target.Address}, {callers} callers...");
                    var result = await runner.RunAsync(target, scenario, callers, cancellationToken).ConfigureAwait(false);
                    Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss}   {result.CallsPerSecond:N0} calls/s, {result.MessagesPerSecond:N0} messages/s, p50 {result.Latency.Percentile(50).TotalMicroseconds:N0} µs, p99 {result.Latency.Percentile(99).TotalMicroseconds:N0} µs, {result.Errors} errors");
                    results.Add(result);
                }
            }
        }
        var table = ResultTable.Format(results, options, commandLine);
        Console.Out.Write(table);
        if (options.OutputPath is { } path)
        {
            await File.WriteAllTextAsync(path, table, cancellationToken).ConfigureAwait(false);
        }
        return results.Any(r => r.Errors > 0 || r.Calls == 0) ? 1 : 0;
    }

    private static async Task<ILoadTarget> StartAsync(TargetKind kind, IReadOnlyList<Scenario> scenarios, LoadOptions options, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case TargetKind.InProcess:
                return await InProcessTarget.StartAsync().ConfigureAwait(false);
            case TargetKind.OwnProcess:
                return await ChildServer.StartOwnAsync(cancellationToken).ConfigureAwait(false);
            case TargetKind.Python:
                // One handler thread per caller, so calls do not queue for a thread (grpcio's pool defaults to 32 here).
                var workers = Math.Max(32, scenarios.SelectMany(s => s.Callers).Max());
                return await ChildServer.StartPythonAsync(options, FindRepoRoot(options), workers, cancellationToken).ConfigureAwait(false);
            default:
                return await ChildServer.StartNodeAsync(options, FindRepoRoot(options), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The repository root (holding tests/interop): --repo-root, or the first parent of the working or program directory that has it.</summary>
    private static string FindRepoRoot(LoadOptions options)
    {
        if (options.RepoRoot is { } root)
        {
            return Path.GetFullPath(root);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "tests", "interop", "README.md")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (tests/interop); pass --repo-root.");
    }
}
