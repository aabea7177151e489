using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Client;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>One request the fake agent received.</summary>
internal sealed record ConsulRequest(string Method, string Path, string Query, string? Token, string Body);

/// <summary>
/// A stand-in for a Consul agent's HTTP API, written from Consul's documentation (no Consul server can run here):
/// <list type="bullet">
/// <item><c>PUT /v1/agent/service/register</c>: stores the instance; with a <c>Check.GRPC</c> it runs that check
/// (grpc.health.v1 Check over our own client) every <see cref="CheckInterval"/>; the instance is critical until the
/// first check passes, as in Consul.</item>
/// <item><c>PUT /v1/agent/service/deregister/&lt;id&gt;</c>: removes it (a no-op for an unknown ID).</item>
/// <item><c>GET /v1/health/service/&lt;name&gt;[?passing]</c>: the instances (only passing ones with <c>passing</c>),
/// with <c>X-Consul-Index</c>; with <c>index=N</c> it is a blocking query that holds until the service's index passes N
/// or <c>wait</c> (default 5 min) elapses.</item>
/// </list>
/// Every request is recorded; with <see cref="RequiredToken"/> set, one without that <c>X-Consul-Token</c> gets 403.
/// </summary>
internal sealed class FakeConsulAgent : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _serviceIndexes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ConsulRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ulong _index = 100;
    private int _failNext;

    private FakeConsulAgent(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.First());

    public string? RequiredToken { get; init; }

    /// <summary>How often registered gRPC checks run (Consul would use the registration's Interval). Default 100 ms.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public IReadOnlyList<ConsulRequest> Requests => [.. _requests];

    /// <summary>The body of the last registration of <paramref name="serviceId"/>, if any.</summary>
    public JsonObject? Registration(string serviceId)
    {
        lock (_lock)
        {
            return _instances.TryGetValue(serviceId, out var instance) ? instance.Body : null;
        }
    }

    public static async Task<FakeConsulAgent> StartAsync(string? requiredToken = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var agent = new FakeConsulAgent(app) { RequiredToken = requiredToken };
        app.Use(agent.RecordAsync);
        app.MapPut("/v1/agent/service/register", (Delegate)agent.RegisterAsync);
        app.MapPut("/v1/agent/service/deregister/{id}", (string id) => agent.Remove(id));
        app.MapGet("/v1/health/service/{name}", agent.HealthAsync);
        await app.StartAsync().DefaultTimeout();
        return agent;
    }

    /// <summary>Adds or replaces an instance directly (as another agent's registration would), passing.</summary>
    public void SetInstance(string id, string name, string address, int port)
    {
        lock (_lock)
        {
            _instances[id] = new Instance(id, name, address, port, null) { Passing = true };
            Changed(name);
        }
    }

    public IResult Remove(string id)
    {
        lock (_lock)
        {
            if (_instances.Remove(id, out var instance))
            {
                instance.Checks.Cancel();
                Changed(instance.Name);
            }
        }
        return Results.Ok();
    }

    /// <summary>Moves every index back to <paramref name="index"/> (as a restored snapshot would) and wakes blocking queries.</summary>
    public void ForceIndex(ulong index)
    {
        lock (_lock)
        {
            _index = index;
            foreach (var name in _serviceIndexes.Keys.ToList())
            {
                _serviceIndexes[name] = index;
            }
            Signal();
        }
    }

    /// <summary>The next <paramref name="count"/> requests fail with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        lock (_lock)
        {
            foreach (var instance in _instances.Values)
            {
                instance.Checks.Cancel();
            }
        }
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        var token = context.Request.Headers["X-Consul-Token"].FirstOrDefault();
        _requests.Enqueue(new ConsulRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "", token, body));
        if (RequiredToken is not null && token != RequiredToken)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("ACL not found", context.RequestAborted);
            return;
        }
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("rpc error: No cluster leader", context.RequestAborted);
            return;
        }
        await next(context);
    }

    private async Task<IResult> RegisterAsync(HttpContext context)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        var name = (string)body["Name"]!;
        var id = (string?)body["ID"] ?? name;
        var grpc = (string?)body["Check"]?["GRPC"];
        var instance = new Instance(id, name, (string?)body["Address"] ?? "", (int?)body["Port"] ?? 0, body);
        lock (_lock)
        {
            if (_instances.Remove(id, out var previous))
            {
                previous.Checks.Cancel();
            }
            _instances[id] = instance;
            Changed(name);
        }
        if (grpc is not null)
        {
            _ = RunCheckAsync(instance, grpc); // Ends with its instance (Checks) or the agent (_stopping).
        }
        return Results.Ok();
    }

    private async Task<IResult> HealthAsync(HttpContext context, string name)
    {
        var query = context.Request.Query;
        var passingOnly = query.ContainsKey("passing") && query["passing"] != "false";
        var index = ulong.TryParse(query["index"], CultureInfo.InvariantCulture, out var i) ? i : 0;
        var wait = ParseWait(query["wait"]);
        if (index > 0)
        {
            using var expired = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            expired.CancelAfter(wait);
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (ServiceIndex(name) > index)
                    {
                        break;
                    }
                    changed = _changed.Task;
                }
                try
                {
                    await changed.WaitAsync(expired.Token);
                }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                {
                    break; // Wait elapsed: answer with the unchanged result.
                }
            }
        }
        JsonArray entries;
        lock (_lock)
        {
            context.Response.Headers["X-Consul-Index"] = ServiceIndex(name).ToString(CultureInfo.InvariantCulture);
            entries = [.. _instances.Values
                .Where(x => x.Name == name && (!passingOnly || x.Passing))
                .OrderBy(x => x.Id, StringComparer.Ordinal)
                .Select(x => (JsonNode)new JsonObject
                {
                    ["Node"] = new JsonObject { ["Node"] = "fake-node", ["Address"] = "127.0.0.1" },
                    ["Service"] = new JsonObject { ["ID"] = x.Id, ["Service"] = x.Name, ["Address"] = x.Address, ["Port"] = x.Port, ["Tags"] = new JsonArray() },
                    ["Checks"] = new JsonArray(new JsonObject { ["Status"] = x.Passing ? "passing" : "critical" }),
                })];
        }
        return Results.Text(entries.ToJsonString(), "application/json");
    }

    /// <summary>Runs grpc.health.v1 Check against the registered address, as the agent's GRPC check does.</summary>
    private async Task RunCheckAsync(Instance instance, string target)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, instance.Checks.Token);
        using var channel = GrpcChannel.ForAddress($"http://{target}");
        var client = new Health.HealthClient(channel);
        while (!stop.IsCancellationRequested)
        {
            bool passing;
            try
            {
                var response = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(1), cancellationToken: stop.Token);
                passing = response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            }
            catch (global::Grpc.Core.RpcException)
            {
                passing = false;
            }
            lock (_lock)
            {
                if (_instances.TryGetValue(instance.Id, out var current) && current == instance && instance.Passing != passing)
                {
                    instance.Passing = passing;
                    Changed(instance.Name);
                }
            }
            try
            {
                await Task.Delay(CheckInterval, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private ulong ServiceIndex(string name) => _serviceIndexes.TryGetValue(name, out var index) ? index : _index;

    private void Changed(string name)
    {
        _serviceIndexes[name] = ++_index;
        Signal();
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private static TimeSpan ParseWait(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return TimeSpan.FromMinutes(5);
        }
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : value.EndsWith('m') ? (value[..^1], 60.0)
            : (value, 1.0);
        return TimeSpan.FromSeconds(Math.Min(double.Parse(number, CultureInfo.InvariantCulture) * unit, 600));
    }

    private sealed class Instance(string id, string name, string address, int port, JsonObject? body)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public string Address { get; } = address;

        public int Port { get; } = port;

        public JsonObject? Body { get; } = body;

        /// <summary>Consul starts checks in the critical state.</summary>
        public bool Passing { get; set; }

        public CancellationTokenSource Checks { get; } = new();
    }
}
