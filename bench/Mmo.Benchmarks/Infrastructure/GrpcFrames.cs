using System.Buffers.Binary;
using Google.Protobuf;

namespace Mmo.Benchmarks.Infrastructure;

/// <summary>Builds gRPC message frames (1-byte flag, 4-byte big-endian length, payload) ahead of a benchmark.</summary>
internal static class GrpcFrames
{
    public static byte[] Encode(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
