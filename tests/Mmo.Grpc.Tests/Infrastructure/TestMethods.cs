using Google.Protobuf;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>Methods of the interop message types at any path, for calls the generated client cannot make.</summary>
internal static class TestMethods
{
    public static readonly Marshaller<SimpleRequest> RequestMarshaller = Marshallers.Create<SimpleRequest>(r => r.ToByteArray(), SimpleRequest.Parser.ParseFrom);

    public static readonly Marshaller<SimpleResponse> ResponseMarshaller = Marshallers.Create<SimpleResponse>(r => r.ToByteArray(), SimpleResponse.Parser.ParseFrom);

    public static Method<SimpleRequest, SimpleResponse> Unary(string service, string name) =>
        new(MethodType.Unary, service, name, RequestMarshaller, ResponseMarshaller);

    public static Method<SimpleRequest, SimpleResponse> ServerStreaming(string service, string name) =>
        new(MethodType.ServerStreaming, service, name, RequestMarshaller, ResponseMarshaller);
}
