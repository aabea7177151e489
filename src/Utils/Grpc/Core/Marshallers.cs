namespace Grpc.Core;

/// <summary>Factory methods for <see cref="Marshaller{T}"/>, as used by generated code.</summary>
public static class Marshallers
{
    /// <summary>UTF-8 strings.</summary>
    public static Marshaller<string> StringMarshaller { get; } =
        new(System.Text.Encoding.UTF8.GetBytes, System.Text.Encoding.UTF8.GetString);

    public static Marshaller<T> Create<T>(Func<T, byte[]> serializer, Func<byte[], T> deserializer) =>
        new(serializer, deserializer);

    public static Marshaller<T> Create<T>(Action<T, SerializationContext> serializer, Func<DeserializationContext, T> deserializer) =>
        new(serializer, deserializer);
}
