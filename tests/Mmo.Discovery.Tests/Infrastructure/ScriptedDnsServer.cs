using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>
/// A DNS server on 127.0.0.1 (UDP and TCP, one port) whose answers the test scripts, for what dnsmasq will not do on
/// demand: answers with the wrong ID, or a truncated UDP answer whose TCP answer differs.
/// </summary>
internal sealed class ScriptedDnsServer : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private int _tcpQueries;

    /// <param name="udp">The datagrams to send back for one UDP query.</param>
    /// <param name="tcp">The answer to a TCP query.</param>
    public ScriptedDnsServer(Func<byte[], IEnumerable<byte[]>> udp, Func<byte[], byte[]> tcp)
    {
        (_udp, _tcp) = BindBoth();
        EndPoint = (IPEndPoint)_udp.LocalEndPoint!;
        _udpLoop = ServeUdpAsync(udp);
        _tcpLoop = ServeTcpAsync(tcp);
    }

    public IPEndPoint EndPoint { get; }

    public int TcpQueries => Volatile.Read(ref _tcpQueries);

    /// <summary>An answer to <paramref name="query"/> with the given ID, flags and IPv4 addresses (owner: a pointer to the question).</summary>
    public static byte[] Answer(byte[] query, ushort id, ushort flags, params IPAddress[] addresses)
    {
        var answer = new List<byte>(query);
        BinaryPrimitives.WriteUInt16BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(answer), id);
        answer[2] = (byte)(flags >> 8);
        answer[3] = (byte)flags;
        answer[7] = (byte)addresses.Length;
        foreach (var address in addresses)
        {
            answer.AddRange([0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4]);
            answer.AddRange(address.GetAddressBytes());
        }
        return [.. answer];
    }

    public static ushort IdOf(byte[] query) => BinaryPrimitives.ReadUInt16BigEndian(query);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        await Task.WhenAll(_udpLoop, _tcpLoop).DefaultTimeout();
    }

    /// <summary>A UDP socket and a TCP listener on one free port (a free UDP port may be taken for TCP: try another).</summary>
    private static (Socket Udp, TcpListener Tcp) BindBoth()
    {
        while (true)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new TcpListener((IPEndPoint)udp.LocalEndPoint!);
            try
            {
                tcp.Start();
                return (udp, tcp);
            }
            catch (SocketException)
            {
                udp.Dispose();
            }
        }
    }

    private async Task ServeUdpAsync(Func<byte[], IEnumerable<byte[]>> script)
    {
        var buffer = new byte[512];
        try
        {
            while (true)
            {
                var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                foreach (var datagram in script(buffer[..received.ReceivedBytes]))
                {
                    await _udp.SendToAsync(datagram, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeTcpAsync(Func<byte[], byte[]> script)
    {
        try
        {
            while (true)
            {
                using var connection = await _tcp.AcceptTcpClientAsync(_stop.Token);
                var stream = connection.GetStream();
                var prefix = new byte[2];
                await stream.ReadExactlyAsync(prefix, _stop.Token);
                var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await stream.ReadExactlyAsync(query, _stop.Token);
                Interlocked.Increment(ref _tcpQueries);
                var answer = script(query);
                BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)answer.Length);
                await stream.WriteAsync(prefix, _stop.Token);
                await stream.WriteAsync(answer, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // Stopped.
        }
    }
}
