using Netflow.Runtime.Forwarding;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>
/// Executes packets on a loaded <see cref="NetworkImage"/>, hop by hop, as a pipeline of stages over a typed packet
/// state, in the order Batfish's traceroute uses, extended with tunnels: receive → decapsulate if this device
/// terminates the outer header → translate by an existing NAT session (every later packet of a connection, both ways)
/// → destination NAT (new connections) → proxy (a proxy accepts a new connection and opens its own; the reply of that one
/// becomes the reply of the accepted one) → deliver if the device holds the destination (accepted when something listens
/// there, refused otherwise) → longest-prefix match → source NAT (new connections) → encapsulate if the next hop is
/// across an overlay → transmit. Each stage appends typed steps; the words are the renderers'. Equal-cost paths and NAT
/// backends are chosen by a deterministic hash of the packet's five-tuple (FNV-1a), so the same packet always takes the
/// same path. A loop is a repeated <see cref="LoopKey"/> (device, headers, pending encapsulation), or more than
/// <see cref="MaxHops"/> hops.
/// </summary>
public sealed partial class ForwardingEngine
{
    public const int MaxHops = 64;

    private readonly NetworkImage _image;
    private readonly Ipv4Poptrie[] _fib;
    private readonly Dictionary<uint, List<int>> _interfacesByAddress = [];
    private readonly List<int>[] _interfacesOf;
    private readonly List<int>[] _dnatOf;
    private readonly List<int>[] _snatOf;
    private readonly List<int>[] _listenersOf;

    /// <summary>Per device, its tunnel endpoint rows whose tunnel device holds an address (a Calico worker's tunl0).</summary>
    private readonly List<int>[] _tunnelAddressesOf;
    private readonly int[] _topSiteOf;

    /// <summary>Whether any VXLAN tunnel (an NSX transport zone) is declared; without one every host is a VTEP.</summary>
    private readonly bool _declaresVxlan;

    /// <summary>Per IPsec endpoint that declares what it protects, its rows of the tunnel selector table.</summary>
    private readonly Dictionary<int, List<int>> _selectorsOf;

    /// <summary>Per device and tunnel, the device's routes into the tunnel (its remote traffic selectors for IPsec).</summary>
    private readonly Dictionary<(int Device, int Tunnel), List<int>> _routesIntoTunnel;

    public ForwardingEngine(NetworkImage image)
    {
        _image = image;
        var devices = image.Devices.Count;
        _fib = new Ipv4Poptrie[devices];
        _interfacesOf = NewLists(devices);
        _dnatOf = NewLists(devices);
        _snatOf = NewLists(devices);
        _listenersOf = NewLists(devices);
        _tunnelAddressesOf = NewLists(devices);
        _topSiteOf = TopSites(image);
        _declaresVxlan = image.Tunnels.Kind.Contains(TunnelKind.Vxlan);
        _selectorsOf = SelectorsByEndpoint(image);
        _routesIntoTunnel = RoutesByTunnel(image);

        var routes = image.Routes;
        for (var d = 0; d < devices; d++)
        {
            var builder = new Ipv4LpmTableBuilder();
            var end = image.Devices.FirstRoute[d] + image.Devices.RouteCount[d];
            // Rows of one prefix are adjacent; the table points at the first, the engine spreads over the rest.
            for (var r = end - 1; r >= image.Devices.FirstRoute[d]; r--) builder.Add(routes.Network[r], routes.Length[r], r);
            _fib[d] = builder.BuildPoptrie();
        }
        for (var i = 0; i < image.Interfaces.Count; i++)
        {
            _interfacesOf[image.Interfaces.Device[i]].Add(i);
            if (!_interfacesByAddress.TryGetValue(image.Interfaces.Address[i], out var list)) _interfacesByAddress[image.Interfaces.Address[i]] = list = [];
            list.Add(i);
        }
        for (var i = 0; i < image.DestinationNats.Count; i++) _dnatOf[image.DestinationNats.Device[i]].Add(i);
        for (var i = 0; i < image.SourceNats.Count; i++) _snatOf[image.SourceNats.Device[i]].Add(i);
        for (var i = 0; i < image.Listeners.Count; i++) _listenersOf[image.Listeners.Device[i]].Add(i);
        for (var e = 0; e < image.TunnelEndpoints.Count; e++)
        {
            if (image.TunnelEndpoints.TunnelAddress[e] != 0) _tunnelAddressesOf[image.TunnelEndpoints.Device[e]].Add(e);
        }
    }

    public NetworkImage Image => _image;

    private static List<int>[] NewLists(int count)
    {
        var lists = new List<int>[count];
        for (var i = 0; i < count; i++) lists[i] = [];
        return lists;
    }

    /// <summary>The route row a device uses for a destination (the first of its equal-cost group), or -1.</summary>
    public int Lookup(int device, uint destination) => _fib[device].Lookup(destination);

    /// <summary>Many lookups on one device's table at once: route rows out, -1 where there is no route.</summary>
    public void LookupBatch(int device, ReadOnlySpan<uint> destinations, Span<int> routeRows) => _fib[device].LookupBatch(destinations, routeRows);

    public string DeviceName(int device) => device < 0 ? "?" : _image.String(_image.Devices.Name[device]);

    /// <summary>Finds a device by qualified name, or by its last name parts when they are unique; -1 when none.</summary>
    public int FindDevice(string name) => FindDevices(name) is [var only] ? only : -1;

    /// <summary>The devices a name may mean: the one with that qualified name, else all whose name ends with it.</summary>
    public IReadOnlyList<int> FindDevices(string name)
    {
        var matches = new List<int>();
        for (var d = 0; d < _image.Devices.Count; d++)
        {
            var full = DeviceName(d);
            if (full == name) return [d];
            if (full.EndsWith("." + name, StringComparison.Ordinal)) matches.Add(d);
        }
        return matches;
    }

    /// <summary>Whether a device holds an address on one of its interfaces or on its tunnel device (a Calico worker's tunl0).</summary>
    public bool Holds(int device, uint address)
    {
        foreach (var i in _interfacesOf[device])
        {
            if (_image.Interfaces.Address[i] == address) return true;
        }
        foreach (var e in _tunnelAddressesOf[device])
        {
            if (_image.TunnelEndpoints.TunnelAddress[e] == address) return true;
        }
        return false;
    }

    /// <summary>
    /// The address a device originates a packet to a destination from, as Linux chooses it: the source of the route it
    /// uses (<see cref="EgressAddress"/>); itself for an address it holds; without a route, its first address on a segment.
    /// </summary>
    public uint SourceAddress(int device, uint destination)
    {
        var row = Lookup(device, destination);
        if (row < 0) return PrimaryAddress(device);
        return _image.Routes.Action[row] == RouteAction.Local ? destination : EgressAddress(device, _image.Routes.NextHopDevice[row], row, destination);
    }

    /// <summary>The device's first address on a segment, else its first address at all (0 for a device without one).</summary>
    public uint PrimaryAddress(int device)
    {
        foreach (var i in _interfacesOf[device])
        {
            if (_image.Interfaces.Segment[i] >= 0) return _image.Interfaces.Address[i];
        }
        return _interfacesOf[device].Count > 0 ? _image.Interfaces.Address[_interfacesOf[device][0]] : 0;
    }

    /// <summary>
    /// Where a packet to the device goes: its primary address; a service, which has no interface and sends nothing,
    /// stands for the address of its first rule (its cluster IP, as the compiler lowers it), as a flow to it does.
    /// </summary>
    public uint DestinationAddress(int device)
    {
        if (PrimaryAddress(device) is var address && address != 0) return address;
        var nats = _image.DestinationNats;
        for (var r = 0; r < nats.Owner.Length; r++)
        {
            if (nats.Owner[r] == device) return nats.Address[r];
        }
        return 0;
    }

    private int SegmentBetween(int device, int next, int routeRow)
    {
        var outInterface = routeRow >= 0 ? _image.Routes.OutInterface[routeRow] : -1;
        if (outInterface >= 0 && _image.Interfaces.Segment[outInterface] >= 0) return _image.Interfaces.Segment[outInterface];
        foreach (var i in _interfacesOf[device])
        {
            var segment = _image.Interfaces.Segment[i];
            if (segment < 0) continue;
            foreach (var j in _interfacesOf[next])
            {
                if (_image.Interfaces.Segment[j] == segment) return segment;
            }
        }
        return -1;
    }

    /// <summary>
    /// The source a route gives what leaves by it (Linux's fib_select_addr; MASQUERADE takes the same): an IP-in-IP
    /// route's own (<see cref="IpInIpSource"/>), else inet_select_addr on the interface the route leaves by (without one,
    /// the device's addresses on the segment it shares with the next hop): the first address whose subnet holds the
    /// gateway (the destination itself on a connected route), else the first; else the device's primary address.
    /// </summary>
    private uint EgressAddress(int device, int next, int routeRow, uint destination)
    {
        if (IpInIpSource(device, next, routeRow) is { } tunnelSource) return tunnelSource;
        var routes = _image.Routes;
        var outInterface = routeRow >= 0 ? routes.OutInterface[routeRow] : -1;
        var segment = outInterface >= 0 ? -1 : next >= 0 ? SegmentBetween(device, next, routeRow) : -1;
        if (outInterface < 0 && segment < 0) return PrimaryAddress(device);
        var gateway = routeRow >= 0 && routes.NextHopAddress[routeRow] != 0 ? routes.NextHopAddress[routeRow] : destination;
        var interfaces = _image.Interfaces;
        var first = -1;
        foreach (var i in _interfacesOf[device])
        {
            // An interface is its address rows: those of the device with its name.
            if (outInterface >= 0 ? interfaces.Name[i] != interfaces.Name[outInterface] : interfaces.Segment[i] != segment) continue;
            if (InPrefix(gateway, interfaces.Address[i], interfaces.PrefixLength[i])) return interfaces.Address[i];
            if (first < 0) first = i;
        }
        return first >= 0 ? interfaces.Address[first] : PrimaryAddress(device);
    }

    /// <summary>
    /// The source of what a route to an IP-in-IP peer sends, as Calico's routes give it: one that encapsulates is
    /// 'via PEER dev tunl0 onlink', so the tunnel device's address (its own underlay address when it has none); one that
    /// does not (mode cross-subnet, the peer on this subnet) is 'via PEER dev eth0', so its underlay address. Null for
    /// any other route.
    /// </summary>
    private uint? IpInIpSource(int device, int next, int routeRow)
    {
        var tunnel = routeRow >= 0 ? _image.Routes.Tunnel[routeRow] : -1;
        if (tunnel < 0 || _image.Tunnels.Kind[tunnel] != TunnelKind.IpInIp) return null;
        var local = Endpoint(tunnel, device);
        if (local < 0 || next < 0) return null;
        var inner = _image.TunnelEndpoints.TunnelAddress[local];
        return inner != 0 && Encapsulates(device, next, tunnel) ? inner : _image.TunnelEndpoints.Address[local];
    }

    /// <summary>The device on a segment that holds an address, other than <paramref name="except"/>; -1 when none.</summary>
    private int HolderOn(int segment, uint address, int except)
    {
        if (!_interfacesByAddress.TryGetValue(address, out var list)) return -1;
        foreach (var i in list)
        {
            var device = _image.Interfaces.Device[i];
            if (device != except && (segment < 0 || _image.Interfaces.Segment[i] == segment)) return device;
        }
        return -1;
    }

    /// <summary>FNV-1a over the five-tuple's bytes, low byte first: the documented equal-cost and backend choice.</summary>
    private static uint Hash(PacketHeader header)
    {
        var hash = 2166136261u;
        hash = Mix(hash, header.Source);
        hash = Mix(hash, header.Destination);
        hash = Mix(hash, (uint)header.Protocol);
        hash = Mix(hash, (uint)header.SourcePort);
        return Mix(hash, (uint)header.DestinationPort);
    }

    private static uint Mix(uint hash, uint value)
    {
        for (var shift = 0; shift < 32; shift += 8)
        {
            hash ^= (value >> shift) & 0xFF;
            hash *= 16777619u;
        }
        return hash;
    }

    private static bool InPrefix(uint address, uint network, int length) =>
        length == 0 || (address >> (32 - length)) == (network >> (32 - length));

    /// <summary>No listener accepts the packet.</summary>
    private const int NoListener = -2;

    /// <summary>The first listener row of a device that accepts a packet (its protocol, or any; its port, or any), or <see cref="NoListener"/>.</summary>
    private int Listener(int device, PacketHeader header)
    {
        var listeners = _image.Listeners;
        foreach (var row in _listenersOf[device])
        {
            var protocol = listeners.Protocol[row];
            if (protocol != Protocol.Any && protocol != header.Protocol) continue;
            if (protocol == Protocol.Icmp || listeners.Port[row] < 0 || listeners.Port[row] == header.DestinationPort) return row;
        }
        return NoListener;
    }

    private int ListenerSource(int listener) => listener >= 0 ? _image.Listeners.Source[listener] : 0;

    /// <summary>The hypervisor host a device runs on (a host is its own), or -1.</summary>
    private int HostOf(int device) => device < 0 ? -1 : _image.Devices.Kind[device] == DeviceKind.Host ? device : _image.Devices.Host[device];

    /// <summary>The hypervisor host (a host device) a device runs on, itself for a host, or -1.</summary>
    private int Hypervisor(int device) => HostOf(device) is var host && host >= 0 && _image.Devices.Kind[host] == DeviceKind.Host ? host : -1;

    /// <summary>The host whose kernel runs the current hop: a distributed router's hop runs on the sender's host.</summary>
    private int KernelHostOf(in PacketState packet) =>
        _image.Devices.Kind[packet.Device] == DeviceKind.LogicalRouter ? packet.KernelHost : HostOf(packet.Device);

    /// <summary>The top-level site of a device (the first part of its site's name), as a number: the same number is the same site.</summary>
    private int TopSite(int device) => _topSiteOf[device];

    private static int[] TopSites(NetworkImage image)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var topSites = new int[image.Devices.Count];
        for (var d = 0; d < topSites.Length; d++)
        {
            var site = image.String(image.Devices.Site[d]);
            var dot = site.IndexOf('.');
            var top = dot < 0 ? site : site[..dot];
            if (!numbers.TryGetValue(top, out var number)) numbers[top] = number = numbers.Count;
            topSites[d] = number;
        }
        return topSites;
    }
}
