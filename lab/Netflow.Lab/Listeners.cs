using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netflow.Lab;

/// <summary>What a listener saw: the connection or datagram as it arrived (after every NAT on the way).</summary>
public sealed record Arrival(int Device, string Protocol, IPEndPoint Local, IPEndPoint Remote);

/// <summary>
/// Where a lab proxy sends what it accepts: among a proxy line's targets the engine chooses by a hash, so before each
/// flow the lab aims the proxy at the target the engine chose for that flow (the line's first until then).
/// </summary>
public sealed class ProxyTarget(IPEndPoint first)
{
    private volatile IPEndPoint _current = first;

    public IPEndPoint First { get; } = first;

    public IPEndPoint Current { get => _current; set => _current = value; }
}

/// <summary>
/// The lab's workloads: small sockets that answer, created inside the device namespaces (MODEL.md §3): a TCP port
/// accepts and closes, a UDP port echoes, a DNS server answers A queries from its records. Each logs what arrived.
/// Disposing closes every socket (a socket keeps its namespace alive, so this comes before the namespaces go).
/// </summary>
public sealed class Listeners : IDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();

    public ConcurrentQueue<Arrival> Arrivals { get; } = new();

    private readonly HashSet<(int Device, string Protocol, int Port)> _bound = [];

    /// <summary>Whether a socket of the lab listens on the device's protocol and port.</summary>
    public bool Listens(int device, string protocol, int port) => _bound.Contains((device, protocol, port));

    public void Tcp(LabName lab, string netns, int device, int port) =>
        ListenTcp(lab, netns, device, port, ttl: null, accepted =>
        {
            accepted.Dispose();
            return Task.CompletedTask;
        });

    /// <summary>
    /// A listening TCP socket in the device's namespace (its replies sent with <paramref name="ttl"/> when given): every
    /// connection it accepts is logged as an arrival, then handed to <paramref name="serve"/>, which closes it.
    /// </summary>
    private void ListenTcp(LabName lab, string netns, int device, int port, int? ttl, Func<Socket, Task> serve)
    {
        var socket = NetworkNamespace.Run(lab, netns, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (ttl is { } t) s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, t);
            s.Bind(new IPEndPoint(IPAddress.Any, port));
            s.Listen(64);
            return s;
        });
        _sockets.Add(socket);
        _bound.Add((device, "tcp", port));
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket accepted;
                try { accepted = await socket.AcceptAsync(_stop.Token); }
                catch (Exception) { return; }
                Arrivals.Enqueue(new Arrival(device, "tcp", (IPEndPoint)accepted.LocalEndPoint!, (IPEndPoint)accepted.RemoteEndPoint!));
                await serve(accepted);
            }
        });
    }

    /// <summary>The TTL a proxy's own connection starts with: below every probe's (64 less its hops), so the recorder
    /// orders its hops after the probe's; replies keep 128.</summary>
    public const int ProxyTtl = 32;

    /// <summary>The TTL of what a proxy sends on the connection it accepted: below the replies of its own (128), above
    /// the probe's, so that the recorder orders the reply to the client after the backend's reply to the proxy.</summary>
    public const int ProxyAnswerTtl = 96;

    /// <summary>
    /// A TCP proxy (an ALB, an Ingress): accepts on the port, logs the arrival, and opens a connection of its own from the
    /// device's namespace, from <paramref name="sourcePort"/>, to the target it is aimed at, then closes both.
    /// </summary>
    public void TcpProxy(LabName lab, string netns, int device, int port, ProxyTarget target, int sourcePort) =>
        ListenTcp(lab, netns, device, port, ProxyAnswerTtl, async accepted =>
        {
            try
            {
                using var onward = OnwardSocket(lab, netns, SocketType.Stream, ProtocolType.Tcp, sourcePort);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(Probe.Wait);
                await onward.ConnectAsync(target.Current, timeout.Token);
                onward.LingerState = new LingerOption(true, 0);
            }
            catch (Exception) { /* the backend does not answer: the recorder shows where the connection ended */ }
            accepted.LingerState = new LingerOption(true, 0);
            accepted.Dispose();
        });

    /// <summary>
    /// A UDP proxy: on each address of the device, takes a datagram on the port, logs it, sends it on from a socket of its
    /// own (from <paramref name="sourcePort"/>) to the target it is aimed at, and sends the target's answer back to the
    /// client from the address it asked.
    /// </summary>
    public void UdpProxy(LabName lab, string netns, int device, IEnumerable<IPAddress> addresses, int port, ProxyTarget target, int sourcePort)
    {
        foreach (var address in addresses.Distinct())
        {
            ListenUdp(lab, netns, device, address, port, ProxyAnswerTtl, async (datagram, stop) =>
            {
                try
                {
                    using var onward = OnwardSocket(lab, netns, SocketType.Dgram, ProtocolType.Udp, sourcePort);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    timeout.CancelAfter(Probe.Wait);
                    var backend = target.Current;
                    await onward.SendToAsync(datagram, SocketFlags.None, backend, timeout.Token);
                    var buffer = new byte[1500];
                    var answer = await onward.ReceiveFromAsync(buffer, SocketFlags.None, backend, timeout.Token);
                    return buffer[..answer.ReceivedBytes];
                }
                catch (Exception) { return null; /* the backend does not answer: the recorder shows where it ended */ }
            });
        }
    }

    /// <summary>A proxy's own socket in the device's namespace: from the engine's source port, at <see cref="ProxyTtl"/>.</summary>
    private static Socket OnwardSocket(LabName lab, string netns, SocketType type, ProtocolType protocol, int sourcePort) =>
        NetworkNamespace.Run(lab, netns, () =>
        {
            var o = new Socket(AddressFamily.InterNetwork, type, protocol);
            o.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, ProxyTtl);
            o.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            o.Bind(new IPEndPoint(IPAddress.Any, sourcePort));
            return o;
        });

    /// <summary>
    /// A UDP port that echoes every datagram; with records, a DNS server that answers A queries from them. One socket per
    /// address of the device, so that an answer leaves from the address the question was sent to (an unbound socket
    /// answers from the address of its route, which conntrack rightly does not take for the reply).
    /// </summary>
    public void Udp(LabName lab, string netns, int device, IEnumerable<IPAddress> addresses, int port, IReadOnlyDictionary<string, IPAddress>? records = null)
    {
        foreach (var address in addresses.Distinct())
        {
            ListenUdp(lab, netns, device, address, port, ttl: null, (datagram, _) =>
                Task.FromResult(records is null ? datagram.ToArray() : Dns.Answer(datagram.Span, records)));
        }
    }

    /// <summary>
    /// A UDP socket on one address of the device (its answers sent with <paramref name="ttl"/> when given): every datagram
    /// is logged as an arrival, and what <paramref name="answer"/> makes of it (null: nothing) is sent back to its sender.
    /// </summary>
    private void ListenUdp(LabName lab, string netns, int device, IPAddress address, int port, int? ttl,
        Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]?>> answer)
    {
        var socket = NetworkNamespace.Run(lab, netns, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (ttl is { } t) s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, t);
            s.Bind(new IPEndPoint(address, port));
            return s;
        });
        _sockets.Add(socket);
        _bound.Add((device, "udp", port));
        _ = Task.Run(async () =>
        {
            var buffer = new byte[1500];
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try { received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token); }
                catch (Exception) { return; }
                var remote = (IPEndPoint)received.RemoteEndPoint;
                Arrivals.Enqueue(new Arrival(device, "udp", new IPEndPoint(address, port), remote));
                if (await answer(buffer.AsMemory(0, received.ReceivedBytes), _stop.Token) is not { } reply) continue;
                try { await socket.SendToAsync(reply, SocketFlags.None, remote, _stop.Token); }
                catch (Exception) { return; }
            }
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var socket in _sockets) socket.Dispose();
        _sockets.Clear();
    }
}

/// <summary>The least of DNS that a lookup needs: one question, an A answer or NXDOMAIN.</summary>
internal static class Dns
{
    public static byte[] Query(ushort id, string name)
    {
        var bytes = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.AddRange([0, 0, 1, 0, 1]);
        return [.. bytes];
    }

    /// <summary>The question's name and where the question ends, or null when the message is not a query we read.</summary>
    private static (string Name, int End)? Question(ReadOnlySpan<byte> message)
    {
        if (message.Length < 17) return null;
        var labels = new List<string>();
        var at = 12;
        while (at < message.Length && message[at] != 0 && labels.Count < 64)
        {
            var length = message[at];
            if (length > 63 || at + 1 + length > message.Length) return null;
            labels.Add(Encoding.ASCII.GetString(message.Slice(at + 1, length)));
            at += 1 + length;
        }
        if (at + 5 > message.Length) return null;
        return (string.Join('.', labels).ToLowerInvariant(), at + 5);
    }

    public static byte[]? Answer(ReadOnlySpan<byte> query, IReadOnlyDictionary<string, IPAddress> records)
    {
        if (Question(query) is not { } question) return null;
        var found = records.TryGetValue(question.Name, out var address);
        var reply = new List<byte>(query[..question.End].ToArray());
        reply[2] = 0x81;
        reply[3] = (byte)(found ? 0x80 : 0x83);
        reply[6] = 0;
        reply[7] = (byte)(found ? 1 : 0);
        if (found)
        {
            reply.AddRange([0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4]);
            reply.AddRange(address!.GetAddressBytes());
        }
        return [.. reply];
    }

    /// <summary>The first A record of an answer, or null.</summary>
    public static IPAddress? ReadAnswer(ReadOnlySpan<byte> reply, ushort id)
    {
        if (reply.Length < 12 || reply[0] != (byte)(id >> 8) || reply[1] != (byte)id || (reply[3] & 0x0F) != 0 || reply[7] == 0) return null;
        if (Question(reply) is not { } question) return null;
        var at = question.End;
        if (at + 16 > reply.Length) return null;
        return new IPAddress(reply.Slice(at + 12, 4));
    }
}
