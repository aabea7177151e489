global using Mmo.Metrics.Tests.Infrastructure;
