using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Client;
using Mmo.Grpc.Testing;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Unary_OverLoopback_ReturnsResponse()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new Interop.InteropClient(channel);

        var response = await client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFromUtf8("hello"), ResponseSize = 10 }).ResponseAsync.DefaultTimeout();

        Assert.Equal(5, response.ReceivedSize);
        Assert.Equal(10, response.Payload.Length);
    }
}
