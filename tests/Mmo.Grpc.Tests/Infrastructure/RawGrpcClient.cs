using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>
/// Sends hand-made gRPC requests over h2c with a plain HttpClient (HTTP/2 with prior knowledge), to
/// send what our own client never would. One instance keeps one connection to the server.
/// </summary>
internal sealed class RawGrpcClient : IDisposable
{
    public const string UnaryPath = "/mmo.testing.v1.Interop/UnaryCall";

    private readonly HttpClient _http;

    public RawGrpcClient(Uri address)
    {
        _http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false })
        {
            BaseAddress = address,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>A gRPC POST with the given body; headers as name/value pairs.</summary>
    public static HttpRequestMessage CreateRequest(string path, HttpContent body, string contentType = "application/grpc", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        body.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public Task<RawResponse> PostAsync(string path, byte[] body, string contentType = "application/grpc", params (string Name, string Value)[] headers) =>
        SendAsync(CreateRequest(path, new ByteArrayContent(body), contentType, headers));

    /// <summary>Sends the request and reads the whole response, trailers included.</summary>
    public async Task<RawResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            return new RawResponse(response.StatusCode, response.Headers, response.TrailingHeaders, response.Content.Headers.ContentType?.MediaType, body);
        }
    }

    /// <summary>A well-formed unary call; proves the connection still works after a bad request.</summary>
    public async Task<RawResponse> GoodUnaryAsync()
    {
        var response = await PostAsync(UnaryPath, Frame(new Mmo.Testing.V1.SimpleRequest { ResponseSize = 3 }));
        return response;
    }

    /// <summary>The 5-byte prefix of a message: compressed flag and big-endian length.</summary>
    public static byte[] Header(byte flag, uint length)
    {
        var header = new byte[5];
        header[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    public static byte[] Frame(ReadOnlySpan<byte> payload, byte flag = 0) => [.. Header(flag, (uint)payload.Length), .. payload];

    public static byte[] Frame(IMessage message, byte flag = 0) => Frame(message.ToByteArray(), flag);

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A response read to its end: the gRPC status comes from the headers (trailers-only) or the trailers.</summary>
internal sealed record RawResponse(HttpStatusCode HttpStatus, HttpResponseHeaders Headers, HttpResponseHeaders Trailers, string? ContentType, byte[] Body)
{
    /// <summary>grpc-status as a number, or null when the response has none.</summary>
    public int? GrpcStatus => Find("grpc-status") is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? GrpcMessage => Find("grpc-message");

    /// <summary>True when the status came alone in the response headers.</summary>
    public bool IsTrailersOnly => Headers.NonValidated.Contains("grpc-status");

    public string? Find(string name) =>
        Headers.NonValidated.TryGetValues(name, out var h) ? h.ToString()
        : Trailers.NonValidated.TryGetValues(name, out var t) ? t.ToString()
        : null;

    /// <summary>The payloads of the length-prefixed messages in the body.</summary>
    public IReadOnlyList<byte[]> Messages()
    {
        var messages = new List<byte[]>();
        var rest = Body.AsSpan();
        while (rest.Length >= 5)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(rest[1..]);
            messages.Add(rest.Slice(5, length).ToArray());
            rest = rest[(5 + length)..];
        }
        Assert.Equal(0, rest.Length);
        return messages;
    }
}
