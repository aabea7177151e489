using System.Net;

namespace Mmo.Benchmarks.Infrastructure;

/// <summary>
/// An HTTP handler that answers every request with one prebuilt gRPC response (a frame, then
/// grpc-status 0 in the trailers) without any network, so the client's own work can be measured alone.
/// It reads the request body as a transport would. Its own costs (the response message, content and
/// header objects, which a real handler allocates too) are measured by <c>ClientUnaryBenchmark.HttpClientOnly</c>.
/// </summary>
internal sealed class CannedResponseHandler(byte[] responseFrame) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Version = HttpVersion.Version20,
            RequestMessage = request,
            Content = new ByteArrayContent(responseFrame),
        };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
        return response;
    }
}
