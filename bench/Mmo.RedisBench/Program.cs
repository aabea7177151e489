using Mmo.RedisBench;

// Usage: Mmo.RedisBench [seconds per scenario, default 5]. Loopback only; about 40 s with the default.
var duration = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5);
await using var server = await RedisServerProcess.StartAsync();
var results = await BenchmarkRun.RunAsync(server.Port, duration);
Console.WriteLine(ResultTable.ToMarkdown(results, server.Port, duration));
