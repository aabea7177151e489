using System.Net;
using System.Net.Http.Headers;

namespace Mmo.Benchmarks.Infrastructure;

/// <summary>
/// A gRPC unary call made with bare HttpClient types and a prebuilt request frame: what any HTTP/2
/// client has to do for a call, without our client's code. The baseline the client is measured against.
/// </summary>
internal static class RawGrpcRequest
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");

    /// <summary>Sends one call, reads the body to its end, and returns grpc-status (-1 when missing).</summary>
    public static async Task<int> SendAsync(HttpMessageInvoker invoker, Uri uri, byte[] requestFrame, byte[] readBuffer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(requestFrame),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Content.Headers.ContentType = GrpcContentType;
        using var response = await invoker.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        while (await body.ReadAsync(readBuffer).ConfigureAwait(false) > 0)
        {
        }
        return response.TrailingHeaders.NonValidated.TryGetValues("grpc-status", out var status) && int.TryParse(status.ToString(), out var code) ? code : -1;
    }
}
