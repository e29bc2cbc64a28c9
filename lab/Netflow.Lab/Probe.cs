using System.Net;
using System.Net.Sockets;

namespace Netflow.Lab;

/// <summary>What came back to the source for its probe.</summary>
public enum ProbeOutcome { Answered, Refused, Unreachable, NoAnswer }

/// <summary>
/// Sends a flow's real packet from the source's namespace, with TTL 64 (replies start at 128, so the recorder can tell
/// them apart) and the engine's source port, and waits a bounded time for the real reply: a TCP connection, a UDP echo,
/// an ICMP echo reply.
/// </summary>
public static class Probe
{
    public const int ProbeTtl = 64;
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public static ProbeOutcome Send(LabName lab, string netns, string protocol, IPAddress destination, int port, int sourcePort)
    {
        using var socket = NetworkNamespace.Run(lab, netns, () => Open(protocol, sourcePort));
        try
        {
            using var timeout = new CancellationTokenSource(Wait);
            switch (protocol)
            {
                case "tcp":
                    socket.ConnectAsync(new IPEndPoint(destination, port), timeout.Token).AsTask().GetAwaiter().GetResult();
                    socket.LingerState = new LingerOption(true, 0);
                    return ProbeOutcome.Answered;
                case "udp":
                    socket.Connect(new IPEndPoint(destination, port));
                    socket.Send("netflow-lab"u8);
                    var buffer = new byte[1500];
                    socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).AsTask().GetAwaiter().GetResult();
                    return ProbeOutcome.Answered;
                default:
                    return Echo(socket, destination, timeout.Token);
            }
        }
        catch (OperationCanceledException) { return ProbeOutcome.NoAnswer; }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused) { return ProbeOutcome.Refused; }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.NetworkUnreachable or SocketError.HostUnreachable) { return ProbeOutcome.Unreachable; }
        catch (SocketException) { return ProbeOutcome.NoAnswer; }
    }

    /// <summary>Asks a DNS server for a name from the source's namespace; the address it answers, or null.</summary>
    public static IPAddress? Resolve(LabName lab, string netns, IPAddress server, string name, int sourcePort)
    {
        using var socket = NetworkNamespace.Run(lab, netns, () => Open("udp", sourcePort));
        const ushort id = 0x4E46;
        try
        {
            using var timeout = new CancellationTokenSource(Wait);
            socket.Connect(new IPEndPoint(server, 53));
            socket.Send(Dns.Query(id, name));
            var buffer = new byte[1500];
            var length = socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).AsTask().GetAwaiter().GetResult();
            return Dns.ReadAnswer(buffer.AsSpan(0, length), id);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException) { return null; }
    }

    private static Socket Open(string protocol, int sourcePort)
    {
        var socket = protocol switch
        {
            "tcp" => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp),
            "udp" => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp),
            _ => new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp),
        };
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, ProbeTtl);
        if (protocol != "icmp")
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, sourcePort));
        }
        return socket;
    }

    private static ProbeOutcome Echo(Socket socket, IPAddress destination, CancellationToken token)
    {
        byte[] request = [8, 0, 0, 0, 0x4E, 0x46, 0, 1];
        var sum = 0;
        for (var i = 0; i < request.Length; i += 2) sum += (request[i] << 8) | request[i + 1];
        sum = (sum & 0xFFFF) + (sum >> 16);
        var checksum = (ushort)~sum;
        request[2] = (byte)(checksum >> 8);
        request[3] = (byte)checksum;
        socket.SendTo(request, new IPEndPoint(destination, 0));
        var buffer = new byte[1500];
        for (var i = 0; i < 16; i++)
        {
            var received = socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), token).AsTask().GetAwaiter().GetResult();
            var header = (buffer[0] & 0x0F) * 4;
            if (received.ReceivedBytes < header + 8) continue;
            var type = buffer[header];
            if (type == 0 && buffer[header + 4] == 0x4E && buffer[header + 5] == 0x46) return ProbeOutcome.Answered;
            if (type == 3) return buffer[header + 1] == 3 ? ProbeOutcome.Refused : ProbeOutcome.Unreachable;
        }
        return ProbeOutcome.NoAnswer;
    }
}
