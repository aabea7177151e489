using BenchmarkDotNet.Running;
using Mmo.MetricsBench;

// dotnet run -c Release --project bench/Mmo.MetricsBench -- --filter '*'   (see docs/metrics.md)
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
