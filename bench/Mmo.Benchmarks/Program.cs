using BenchmarkDotNet.Running;
using Mmo.Benchmarks;

// dotnet run -c Release --project bench/Mmo.Benchmarks -- --filter '*'   (see docs/benchmarks.md)
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
