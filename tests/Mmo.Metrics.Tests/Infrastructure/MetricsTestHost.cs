using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mmo.Metrics.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 (a free port) with the exporter, <see cref="WorkloadMetrics"/> and
/// <c>GET /work/{kind}</c> to drive them. Real Kestrel rather than TestServer, because the Kestrel meter only
/// reports real connections. Disposing fails the test if the host logged an error.
/// </summary>
internal sealed class MetricsTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ErrorLogRecorder _errors;

    private MetricsTestHost(WebApplication app, ErrorLogRecorder errors, Uri address)
    {
        _app = app;
        _errors = errors;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TaskExtensions.Timeout };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The Accept header of the last scrape of /metrics, to tell which format a scraper got.</summary>
    public string? LastScrapeAccept { get; private set; }

    public static async Task<MetricsTestHost> StartAsync(
        Action<MetricsOptions>? configure = null,
        Func<IEndpointConventionBuilder, IEndpointConventionBuilder>? conventions = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var errors = new ErrorLogRecorder();
        builder.Logging.ClearProviders().AddProvider(errors);
        builder.Services.AddPrometheusMetrics(configure);
        builder.Services.AddSingleton<WorkloadMetrics>();

        var app = builder.Build();
        MetricsTestHost? host = null;
        app.Use((context, next) =>
        {
            if (context.Request.Path == "/metrics")
            {
                host!.LastScrapeAccept = context.Request.Headers.Accept;
            }
            return next(context);
        });
        app.MapGet("/work/{kind}", (string kind, WorkloadMetrics metrics) =>
        {
            metrics.ItemDone(kind, 0.02);
            return "done";
        });
        var endpoint = app.MapPrometheusMetrics();
        conventions?.Invoke(endpoint);
        try
        {
            await app.StartAsync().DefaultTimeout();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        host = new MetricsTestHost(app, errors, new Uri(app.Urls.First()));
        return host;
    }

    public async Task<string> ScrapeAsync(string? accept = null)
    {
        using var response = await ScrapeResponseAsync(accept);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync().DefaultTimeout();
    }

    public Task<HttpResponseMessage> ScrapeResponseAsync(string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        return Client.SendAsync(request).DefaultTimeout();
    }

    public async Task DoWorkAsync(string kind, int times)
    {
        for (var i = 0; i < times; i++)
        {
            (await Client.GetAsync($"/work/{kind}").DefaultTimeout()).EnsureSuccessStatusCode();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
        Assert.True(_errors.Errors.Count == 0, "The host logged errors:\n" + string.Join("\n", _errors.Errors));
    }
}
