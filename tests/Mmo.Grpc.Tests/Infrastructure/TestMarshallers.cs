using Google.Protobuf;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>The three ways a marshaller can hand a message to the runtime, for SimpleRequest.</summary>
internal static class TestMarshallers
{
    public static readonly Marshaller<SimpleRequest> ContextualMarshaller = Marshallers.Create<SimpleRequest>(
        (message, context) =>
        {
            context.SetPayloadLength(message.CalculateSize());
            message.WriteTo(context.GetBufferWriter());
            context.Complete();
        },
        context => SimpleRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    public static readonly Marshaller<SimpleRequest> ArrayMarshaller = Marshallers.Create<SimpleRequest>(m => m.ToByteArray(), SimpleRequest.Parser.ParseFrom);

    /// <summary>A contextual serializer that writes to the buffer writer without announcing the length first.</summary>
    public static readonly Marshaller<SimpleRequest> UnannouncedMarshaller = Marshallers.Create<SimpleRequest>(
        (message, context) =>
        {
            message.WriteTo(context.GetBufferWriter());
            context.Complete();
        },
        context => SimpleRequest.Parser.ParseFrom(context.PayloadAsNewBuffer()));

    public static TheoryData<string> Names => ["contextual", "array", "unannounced"];

    public static Marshaller<SimpleRequest> Of(string name) => name switch
    {
        "contextual" => ContextualMarshaller,
        "array" => ArrayMarshaller,
        _ => UnannouncedMarshaller,
    };
}
