using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Client;

/// <summary>Reads metadata and status out of HTTP response headers and trailers.</summary>
internal static class ResponseMetadata
{
    public static Metadata FromHeaders(HttpResponseMessage response)
    {
        var metadata = new Metadata();
        Add(metadata, response.Headers);
        return metadata;
    }

    public static Metadata FromTrailers(HttpResponseHeaders trailers)
    {
        var metadata = new Metadata();
        Add(metadata, trailers);
        return metadata;
    }

    /// <summary>
    /// The final status when the headers already decide it: a trailers-only response, an HTTP
    /// error, or a response that is not gRPC at all. Null when messages follow.
    /// </summary>
    public static Status? GetHeaderStatus(HttpResponseMessage response)
    {
        if (ParseStatus(response.Headers) is { } status)
        {
            return status;
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Status(FromHttpStatus(response.StatusCode), $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
        }
        var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? values.FirstOrDefault() : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            return new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType ?? "(none)"}");
        }
        return null;
    }

    public static Status? ParseStatus(HttpHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusTrailer, out var statusValues))
        {
            return null;
        }
        var raw = statusValues.ToString();
        var code = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? (StatusCode)value : StatusCode.Unknown;
        var message = headers.NonValidated.TryGetValues(GrpcProtocol.MessageTrailer, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : "";
        return new Status(code, message);
    }

    public static string? GetEncoding(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.ToString() : null;

    /// <summary>The HTTP-to-gRPC mapping of grpc's doc/http-grpc-status-mapping.md.</summary>
    private static StatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    private static void Add(Metadata metadata, HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                MetadataEncoding.AddDecoded(metadata, header.Key, value);
            }
        }
    }
}
