using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Mmo.Resilience.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a server, which a test can use to break the network: stop listening (the
/// server is down: connections are refused) and listen again on the same port, reset new connections as soon as they
/// are accepted, or cut every open connection (the calls on them are lost mid-flight). Bytes are copied as they are;
/// the proxy knows nothing of HTTP/2.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, Socket> _open = new();
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentBag<Task> _forwarders = [];
    private int _resetsLeft;
    private int _accepted;

    public TcpProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoops.Add(AcceptLoopAsync(_listener));
    }

    public Uri Address { get; }

    /// <summary>Connections accepted so far, reset or forwarded.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Closes the listening socket: new connections are refused until <see cref="ResumeListening"/>.</summary>
    public void StopListening()
    {
        lock (_lock)
        {
            _listener.Stop();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void ResumeListening()
    {
        lock (_lock)
        {
            _listener = new TcpListener(IPAddress.Loopback, Address.Port);
            _listener.Start();
            _acceptLoops.Add(AcceptLoopAsync(_listener));
        }
    }

    /// <summary>Resets the next <paramref name="count"/> connections as soon as they are accepted.</summary>
    public void ResetNextConnections(int count) => Volatile.Write(ref _resetsLeft, count);

    /// <summary>Resets every open connection, both sides.</summary>
    public void CutAll()
    {
        foreach (var (client, upstream) in _open)
        {
            Abort(client);
            Abort(upstream);
            _open.TryRemove(client, out _);
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            if (Interlocked.Decrement(ref _resetsLeft) >= 0)
            {
                Abort(client);
                continue;
            }
            Interlocked.Exchange(ref _resetsLeft, 0);
            _forwarders.Add(ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            _open[client] = upstream;
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test cut the connection, or the proxy is stopping.
        }
        finally
        {
            _open.TryRemove(client, out _);
            Abort(client);
            Abort(upstream);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut, reset by a peer, or stopping: ForwardAsync closes both sides.
        }
    }

    /// <summary>Closes with RST rather than FIN: the peer sees the connection fail, not end.</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        StopListening();
        CutAll();
        Task[] loops;
        lock (_lock)
        {
            loops = [.. _acceptLoops];
        }
        await Task.WhenAll(loops);
        await Task.WhenAll(_forwarders);
        _stop.Dispose();
    }
}
