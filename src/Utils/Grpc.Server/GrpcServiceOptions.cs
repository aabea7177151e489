using Grpc.Core.Interceptors;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Server;

/// <summary>Options of the gRPC server, set with <c>AddGrpc(o => ...)</c>.</summary>
public sealed class GrpcServiceOptions
{
    /// <summary>Largest request message accepted, in bytes (after decompression). Default 4 MiB; larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Largest response message sent, in bytes. Default 4 MiB; larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Send exception messages to callers in grpc-message. Default false: callers see a generic text.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Compress responses with this encoding ("gzip") when the caller accepts it. Default null: no compression.</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>Server interceptors, run in order around every call.</summary>
    public IList<InterceptorRegistration> Interceptors { get; } = [];

    /// <summary>Most concurrent streams a client may open on one HTTP/2 connection. Default 1000 (Kestrel's own default is 100).</summary>
    public int MaxStreamsPerConnection { get; set; } = 1000;
}

/// <summary>An interceptor to run: a type created per call from the request's services, or one shared instance.</summary>
public sealed class InterceptorRegistration
{
    private InterceptorRegistration(Type? type, Interceptor? instance)
    {
        Type = type;
        Instance = instance;
    }

    /// <summary>Created per call (resolved from DI when registered there).</summary>
    public Type? Type { get; }

    /// <summary>Shared by every call.</summary>
    public Interceptor? Instance { get; }

    public static InterceptorRegistration Of<T>() where T : Interceptor => new(typeof(T), null);

    public static InterceptorRegistration Of(Interceptor instance) => new(null, instance ?? throw new ArgumentNullException(nameof(instance)));
}

/// <summary>Shorthands for adding interceptors.</summary>
public static class InterceptorListExtensions
{
    public static void Add<T>(this IList<InterceptorRegistration> list) where T : Interceptor => list.Add(InterceptorRegistration.Of<T>());

    public static void Add(this IList<InterceptorRegistration> list, Interceptor instance) => list.Add(InterceptorRegistration.Of(instance));
}
