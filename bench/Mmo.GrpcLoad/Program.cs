using System.Runtime.InteropServices;
using Mmo.GrpcLoad;

// dotnet run -c Release --project bench/Mmo.GrpcLoad -- [scenario...] [options]   (see docs/benchmarks.md)
using var stop = new CancellationTokenSource();
// Ctrl+C and SIGTERM end the run early but still stop the servers this tool started.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
if (args is [ServeCommand.Name])
{
    return await ServeCommand.RunAsync(stop.Token);
}
var options = LoadOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}
return await LoadCommand.RunAsync(options, "dotnet run -c Release --project bench/Mmo.GrpcLoad -- " + string.Join(' ', args), stop.Token);

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
