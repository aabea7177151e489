using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Mmo.Discovery.Dns;

/// <summary>
/// A stub resolver for A and AAAA queries: UDP first, TCP when the UDP answer is truncated (RFC 1035 §4.2,
/// RFC 7766). Servers are asked in order, <c>attempts</c> rounds, each query bounded by <c>timeout</c>. A
/// response counts only if its ID and question match the query; others (late answers to an earlier query) are
/// dropped. NOERROR and NXDOMAIN are answers; any other code tries the next server.
/// .NET's <see cref="System.Net.Dns"/> cannot be pointed at a given server or port, hence this client.
/// </summary>
internal sealed class DnsClient(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout, int attempts)
{
    private const int MaxUdpDatagram = 65_535; // Receive whole datagrams even from servers that ignore the 512-byte limit.

    public IReadOnlyList<IPEndPoint> Servers { get; } = servers.Count > 0 ? servers : throw new ArgumentException("At least one DNS server is needed.", nameof(servers));

    /// <summary>The addresses of <paramref name="name"/> of one type; empty for NXDOMAIN or no records of that type.</summary>
    /// <exception cref="DnsResolutionException">No server gave an answer.</exception>
    public async Task<IReadOnlyList<IPAddress>> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var query = new byte[DnsMessage.GetQueryLength(name)];
        List<string>? errors = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            foreach (var server in Servers)
            {
                var id = (ushort)RandomNumberGenerator.GetInt32(0, 0x10000);
                DnsMessage.WriteQuery(query, id, name, type);
                try
                {
                    var response = await QueryUdpAsync(server, query, id, name, type, cancellationToken).ConfigureAwait(false);
                    if (response.Truncated)
                    {
                        response = await QueryTcpAsync(server, query, id, name, type, cancellationToken).ConfigureAwait(false);
                    }
                    if (response.Code is DnsResponseCode.NoError or DnsResponseCode.NameError)
                    {
                        return response.Addresses;
                    }
                    (errors ??= []).Add($"{server}: {response.Code}");
                }
                catch (Exception ex) when (ex is SocketException or TimeoutException or InvalidDataException or IOException)
                {
                    (errors ??= []).Add($"{server}: {ex.Message}");
                }
            }
        }
        throw new DnsResolutionException($"No DNS server answered {type} {name}: {string.Join("; ", errors ?? [])}.");
    }

    private async Task<DnsResponse> QueryUdpAsync(IPEndPoint server, byte[] query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var limit = Limit(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxUdpDatagram);
        try
        {
            // Connected: the kernel drops datagrams from other sources, and an ICMP "port unreachable" fails the receive at once.
            await socket.ConnectAsync(server, limit.Token).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, limit.Token).ConfigureAwait(false);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, limit.Token).ConfigureAwait(false);
                if (DnsMessage.ReadId(buffer.AsSpan(0, received)) == id)
                {
                    return DnsMessage.ParseResponse(buffer.AsSpan(0, received), name, type);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no UDP answer within {timeout.TotalMilliseconds:0} ms");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>RFC 1035 §4.2.2: each message is preceded by its length as two bytes.</summary>
    private async Task<DnsResponse> QueryTcpAsync(IPEndPoint server, byte[] query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = Limit(cancellationToken);
        try
        {
            await socket.ConnectAsync(server, limit.Token).ConfigureAwait(false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await socket.SendAsync(framed, SocketFlags.None, limit.Token).ConfigureAwait(false);
            var prefix = new byte[2];
            await ReceiveExactlyAsync(socket, prefix, limit.Token).ConfigureAwait(false);
            var response = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await ReceiveExactlyAsync(socket, response, limit.Token).ConfigureAwait(false);
            if (DnsMessage.ReadId(response) != id)
            {
                throw new InvalidDataException("the TCP answer carries another query's ID");
            }
            var parsed = DnsMessage.ParseResponse(response, name, type);
            return parsed.Truncated ? throw new InvalidDataException("the TCP answer is truncated too") : parsed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no TCP answer within {timeout.TotalMilliseconds:0} ms");
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                throw new IOException("the server closed the TCP connection before the whole answer arrived");
            }
            buffer = buffer[received..];
        }
    }

    private CancellationTokenSource Limit(CancellationToken cancellationToken)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        return limit;
    }
}

/// <summary>No DNS server gave an answer to a query.</summary>
internal sealed class DnsResolutionException(string message) : Exception(message);
