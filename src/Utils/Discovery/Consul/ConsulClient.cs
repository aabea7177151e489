using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Mmo.Discovery.Consul;

/// <summary>The three Consul agent HTTP API calls discovery needs. Every request carries the ACL token, when set.</summary>
internal sealed class ConsulClient(IHttpClientFactory httpClients, IOptions<ConsulDiscoveryOptions> options)
{
    /// <summary>Name of the HttpClient (IHttpClientFactory) used for the agent; its timeout is infinite, each request has its own.</summary>
    public const string HttpClientName = "Mmo.Discovery.Consul";

    private const string IndexHeader = "X-Consul-Index";
    private const string TokenHeader = "X-Consul-Token";

    private readonly ConsulDiscoveryOptions _options = options.Value;

    /// <summary>
    /// GET /v1/health/service/&lt;name&gt;?passing=true: the instances whose checks all pass. With an index above 0
    /// this is a blocking query: the agent answers when the result changes past that index or after
    /// <paramref name="wait"/> (plus up to wait/16 of jitter).
    /// </summary>
    public async Task<ConsulHealthResult> GetPassingInstancesAsync(string serviceName, ulong index, TimeSpan wait, CancellationToken cancellationToken)
    {
        var path = $"v1/health/service/{Uri.EscapeDataString(serviceName)}?passing=true";
        var timeout = TimeSpan.FromSeconds(_options.RequestTimeoutSeconds);
        if (index > 0)
        {
            path += string.Create(CultureInfo.InvariantCulture, $"&index={index}&wait={(int)wait.TotalSeconds}s");
            timeout += wait + wait / 16;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        var entries = await response.Content.ReadFromJsonAsync(ConsulJsonContext.Default.ConsulServiceEntryArray, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Consul answered GET {path} with null instead of an array.");
        var returnedIndex = response.Headers.TryGetValues(IndexHeader, out var values)
            && ulong.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return new ConsulHealthResult(returnedIndex, entries);
    }

    /// <summary>PUT /v1/agent/service/register.</summary>
    public async Task RegisterAsync(ConsulServiceRegistration registration, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "v1/agent/service/register")
        {
            Content = JsonContent.Create(registration, ConsulJsonContext.Default.ConsulServiceRegistration),
        };
        using var response = await SendAsync(request, TimeSpan.FromSeconds(_options.RequestTimeoutSeconds), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PUT /v1/agent/service/deregister/&lt;id&gt;; a no-op on the agent when the ID is unknown.</summary>
    public async Task DeregisterAsync(string serviceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"v1/agent/service/deregister/{Uri.EscapeDataString(serviceId)}");
        using var response = await SendAsync(request, TimeSpan.FromSeconds(_options.RequestTimeoutSeconds), cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        request.RequestUri = new Uri(new Uri(_options.Address.TrimEnd('/') + "/"), request.RequestUri!);
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.TryAddWithoutValidation(TokenHeader, _options.Token);
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Consul agent {_options.Address} did not answer {request.Method} {request.RequestUri!.AbsolutePath} within {timeout.TotalSeconds:0.#} s.");
        }
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new HttpRequestException(
                    $"Consul agent answered {request.Method} {request.RequestUri!.AbsolutePath} with {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}",
                    null,
                    response.StatusCode);
            }
        }
        return response;
    }

    private static string Truncate(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";
}

/// <summary>A health query's answer: the instances and the <c>X-Consul-Index</c> to block on next (0 when absent).</summary>
internal sealed record ConsulHealthResult(ulong Index, ConsulServiceEntry[] Entries);
