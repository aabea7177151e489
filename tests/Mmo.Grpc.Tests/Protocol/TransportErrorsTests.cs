using System.Net.Sockets;
using Grpc.Core;
using Mmo.Grpc.Client;

namespace Mmo.Grpc.Tests.Protocol;

public class TransportErrorsTests
{
    [Theory]
    [InlineData(SocketError.ConnectionRefused)]
    [InlineData(SocketError.ConnectionReset)]
    [InlineData(SocketError.NotConnected)]
    public void ToStatus_SocketErrorAtAnyDepth_IsUnavailable(SocketError error)
    {
        var bare = new SocketException((int)error);
        var wrapped = new HttpRequestException("send failed", new IOException("io", bare));

        Assert.Equal(StatusCode.Unavailable, TransportErrors.ToStatus(bare).StatusCode);
        Assert.Equal(StatusCode.Unavailable, TransportErrors.ToStatus(wrapped).StatusCode);
    }

    [Fact]
    public void ToStatus_UnrelatedException_IsInternal()
    {
        Assert.Equal(StatusCode.Internal, TransportErrors.ToStatus(new InvalidOperationException("bug")).StatusCode);
    }
}
