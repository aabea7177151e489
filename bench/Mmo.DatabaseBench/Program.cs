using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Mmo.Database.V1;
using Mmo.DatabaseBench;
using Mmo.Grpc.Client;
using Mmo.ServiceDefaults.InternalAuth;

var options = BenchOptions.Parse(args);
if (options.Address is null && string.IsNullOrEmpty(options.Postgres))
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
WebApplication? app = null;
var address = options.Address;
if (address is null)
{
    (app, address) = await InProcessService.StartAsync(options.Postgres!);
}
try
{
    using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = 64 * 1024 * 1024 });
    var headers = new Metadata { { InternalAuthOptions.HeaderName, Environment.GetEnvironmentVariable("InternalAuth__Key") ?? InternalAuthOptions.DevelopmentKey } };
    var world = await World.CreateAsync(new Characters.CharactersClient(channel), new Accounts.AccountsClient(channel), headers, options.Characters);
    Console.WriteLine($"characters: {options.Characters}, batch request: {world.BatchRequestBytes():N0} bytes, iterations: {options.Iterations} (+{options.Warmup} warm-up)");

    var batch = await world.MeasureBatchesAsync(options.Warmup, options.Iterations);
    Report($"SaveCharacterStates, {options.Characters} per call", batch, options.Characters);

    var singles = await world.MeasureSinglesAsync(options.SingleCallers);
    Console.WriteLine($"SaveCharacterState one by one, {options.SingleCallers} callers: {options.Characters} saves in {singles.TotalMilliseconds:F0} ms = {options.Characters / singles.TotalSeconds:F0} rows/s");
    return 0;
}
finally
{
    if (app is not null)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

static void Report(string name, IReadOnlyList<TimeSpan> samples, int rows)
{
    var sorted = samples.Order().ToList();
    TimeSpan At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    var median = At(0.5);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: median {median.TotalMilliseconds:F1} ms (min {sorted[0].TotalMilliseconds:F1}, p90 {At(0.9).TotalMilliseconds:F1}, max {sorted[^1].TotalMilliseconds:F1}) = {rows / median.TotalSeconds:F0} rows/s at the median"));
}
