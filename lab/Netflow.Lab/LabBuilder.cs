using System.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Lab;

/// <summary>
/// Maps a table image to Linux (docs/lab.md): a namespace per device that has interfaces, a bridge per segment in the
/// lab's switch namespace (per hypervisor host for a VXLAN segment between hosts, joined by real VXLAN devices), veth
/// pairs for interfaces, the compiled FIB as routes, NAT as nftables rules (conntrack makes them stateful), and a small
/// nftables recorder in every device namespace that notes the TTL of each packet it sees, which orders the hops.
/// What this kernel cannot build (IP-in-IP, GRE, IPsec, L2 concentrators) becomes a plain veth link, marked simulated.
/// </summary>
public sealed class LabBuilder
{
    /// <summary>The gateway a guest (a pod) routes through: an address its worker holds on every guest link, as Calico does.</summary>
    public const string GuestGateway = "169.254.1.1";

    public const int VxlanPort = 4789;

    private readonly NetworkImage _image;
    private readonly LabName _lab;
    private readonly List<LabCommand> _commands = [];
    private readonly Dictionary<(LabPhase, string, LabTool), List<string>> _lines = [];
    private readonly Dictionary<int, string> _namespaceOf = [];
    private readonly List<SimulatedLink> _simulated = [];
    private readonly List<string> _notes = [];
    private readonly Dictionary<(int Device, string Interface), string> _linkOf = [];
    private readonly Dictionary<(int, int, int), (string Name, uint Near, uint Far)> _simLinks = [];

    private LabBuilder(NetworkImage image, LabName lab)
    {
        _image = image;
        _lab = lab;
    }

    public static LabPlan Build(NetworkImage image, LabName lab) => new LabBuilder(image, lab).Build();

    private NetworkImage I => _image;

    private LabPlan Build()
    {
        for (var d = 0; d < I.Devices.Count; d++)
        {
            if (InterfacesOf(d).Any()) _namespaceOf[d] = _lab.Device(d);
        }
        Replicas();
        var namespaces = new List<string> { _lab.Switch };
        namespaces.AddRange(_instances.SelectMany(i => i.Value).Select(i => i.Ns));
        foreach (var ns in namespaces) Add(LabPhase.Sysctl, ns, LabTool.Sysctl, NamespaceSysctls);

        Segments();
        foreach (var d in _namespaceOf.Keys)
        {
            foreach (var (ns, _) in _instances[d]) Interfaces(d, ns);
        }
        foreach (var d in _namespaceOf.Keys) Routes(d);
        foreach (var d in _namespaceOf.Keys) Nft(d);

        foreach (var ((phase, ns, tool), lines) in _lines) _commands.Add(new LabCommand(phase, ns, tool, lines));
        return new LabPlan
        {
            Lab = _lab, Namespaces = namespaces, Commands = _commands, NamespaceOf = _namespaceOf,
            Instances = _instances.SelectMany(i => i.Value.Select(x => (x.Ns, Device: i.Key))).ToDictionary(x => x.Ns, x => x.Device),
            Simulated = _simulated, Notes = _notes,
        };
    }

    /// <summary>Forwarding on, IPv6 off (no neighbour discovery noise), replies start at TTL 128 (a probe starts at 64),
    /// no reverse-path filter (designs route asymmetrically), no delay on proxy ARP, bridged frames not seen by nftables, no
    /// ICMP redirects (a router forwarding back out of the interface it received on would otherwise teach hosts a shortcut),
    /// no retransmitted SYN-ACKs (a reply that cannot get back would otherwise cross the next flow's recording).</summary>
    private static readonly string[] NamespaceSysctls =
    [
        "net.ipv4.ip_forward=1", "net.ipv4.ip_default_ttl=128", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
        "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1", "net.ipv4.neigh.default.proxy_delay=0",
        "net.bridge.bridge-nf-call-iptables=0", "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.default.send_redirects=0",
        "net.ipv4.conf.all.accept_redirects=0", "net.ipv4.conf.default.accept_redirects=0", "net.ipv4.tcp_synack_retries=0",
    ];

    private void Add(LabPhase phase, string ns, LabTool tool, params IEnumerable<string> lines)
    {
        if (!_lines.TryGetValue((phase, ns, tool), out var list)) _lines[(phase, ns, tool)] = list = [];
        list.AddRange(lines);
    }

    // ---- The image, read ---------------------------------------------------------------------------------------------

    private IEnumerable<int> InterfacesOf(int device)
    {
        for (var i = 0; i < I.Interfaces.Count; i++)
        {
            if (I.Interfaces.Device[i] == device) yield return i;
        }
    }

    private string InterfaceName(int row) => I.String(I.Interfaces.Name[row]);

    /// <summary>A device that runs on a worker (a pod, an ALB, a VPN container): all its addresses are on one link to the worker.</summary>
    private bool IsWorkerGuest(int device) => I.Devices.Host[device] is var h && h >= 0 && I.Devices.Kind[h] == DeviceKind.Worker;

    private bool HasNamespace(int device) => device >= 0 && _namespaceOf.ContainsKey(device);

    private string Ns(int device) => _namespaceOf[device];

    private IEnumerable<int> RoutesOf(int device)
    {
        var first = I.Devices.FirstRoute[device];
        for (var r = first; r < first + I.Devices.RouteCount[device]; r++) yield return r;
    }

    private static bool Covers(uint network, int length, uint address) =>
        length == 0 || (address >> (32 - length)) == (network >> (32 - length));

    private static string Address(uint a) => PacketHeader.Format(a);

    private static string Prefix(uint network, int length) => $"{Address(network)}/{length}";

    private string DeviceName(int d) => I.String(I.Devices.Name[d]);

    // ---- Segments: bridges in the switch, per-host bridges and VXLAN devices ------------------------------------------

    /// <summary>Where an interface on a segment attaches: (namespace, bridge).</summary>
    private readonly Dictionary<(int Segment, string Ns), (string Ns, string Bridge)> _attach = [];

    /// <summary>Where each device runs: one namespace, or for a distributed logical router one per host (NSX's DLR).</summary>
    private readonly Dictionary<int, List<(string Ns, int Host)>> _instances = [];

    /// <summary>
    /// The NSX DLR routes in the kernel of every ESXi host (MODEL.md §3): a logical router placed on a host runs on every
    /// host that carries one of its VXLAN segments, each copy with the same addresses and MACs; a VM's frames to its gateway
    /// stay on its own host.
    /// </summary>
    private void Replicas()
    {
        foreach (var d in _namespaceOf.Keys)
        {
            _instances[d] = [(Ns(d), I.Devices.Host[d])];
            if (I.Devices.Kind[d] != DeviceKind.LogicalRouter || !HasNamespace(I.Devices.Host[d])) continue;
            var segments = InterfacesOf(d).Select(i => I.Interfaces.Segment[i]).Where(x => x >= 0 && I.Segments.Kind[x] == SegmentKind.Vxlan).ToHashSet();
            if (InterfacesOf(d).Any(i => !segments.Contains(I.Interfaces.Segment[i])))
            {
                // A VLAN interface would put the copies' shared address on one L2 domain twice.
                _notes.Add($"{DeviceName(d)} has an interface outside VXLAN: it runs on its own host only");
                continue;
            }
            var hosts = Enumerable.Range(0, I.Interfaces.Count).Where(i => segments.Contains(I.Interfaces.Segment[i]))
                .Select(i => I.Devices.Host[I.Interfaces.Device[i]]).Where(h => h >= 0 && h != I.Devices.Host[d] && HasNamespace(h))
                .Distinct().OrderBy(h => h);
            foreach (var h in hosts) _instances[d].Add(($"{_lab.Prefix}d{d}h{h}", h));
        }
    }

    private bool IsReplicated(int d) => _instances[d].Count > 1;

    /// <summary>The hosts of a VXLAN segment between hosts, with their VTEP addresses.</summary>
    private readonly Dictionary<int, List<(string Ns, string Vtep)>> _vteps = [];

    /// <summary>A fixed, locally administered MAC per device link, so the VXLAN tables can name it.</summary>
    private static string Mac(int device, int link) => $"02:4e:{device >> 8 & 255:x2}:{device & 255:x2}:{link & 255:x2}:01";

    private void Segments()
    {
        for (var s = 0; s < I.Segments.Count; s++)
        {
            var members = Enumerable.Range(0, I.Interfaces.Count)
                .Where(i => I.Interfaces.Segment[i] == s && HasNamespace(I.Interfaces.Device[i]) && !IsWorkerGuest(I.Interfaces.Device[i]))
                .Select(i => I.Interfaces.Device[i]).Distinct()
                .SelectMany(d => I.Segments.Kind[s] == SegmentKind.Vxlan ? _instances[d] : _instances[d].Take(1)).ToList();
            var hosts = members.Select(m => m.Host).Where(h => h >= 0 && HasNamespace(h)).Distinct().ToList();
            var bridge = $"b{s}";
            if (I.Segments.Kind[s] != SegmentKind.Vxlan || hosts.Count == 0)
            {
                Add(LabPhase.Bridges, _lab.Switch, LabTool.Ip, $"link add {bridge} type bridge", $"link set {bridge} up");
                foreach (var m in members) _attach[(s, m.Ns)] = (_lab.Switch, bridge);
                if (I.Segments.Kind[s] == SegmentKind.Stretched)
                {
                    _notes.Add($"segment {I.String(I.Segments.Name[s])} is stretched by an L2 concentrator tunnel: one bridge carries it (simulated)");
                }
                continue;
            }
            foreach (var h in hosts) Add(LabPhase.Bridges, Ns(h), LabTool.Ip, $"link add {bridge} type bridge", $"link set {bridge} up");
            foreach (var m in members)
            {
                var host = hosts.Contains(m.Host) ? m.Host : hosts[0];
                _attach[(s, m.Ns)] = (Ns(host), bridge);
            }
            if (hosts.Count < 2) continue;
            _vteps[s] = hosts.Select(h => (Ns(h), Address(VtepAddress(h)))).ToList();
            var vni = I.Segments.Id[s] > 0 ? I.Segments.Id[s] : s + 1;
            foreach (var h in hosts)
            {
                var vxlan = $"x{s}";
                Add(LabPhase.Bridges, Ns(h), LabTool.Ip,
                    $"link add {vxlan} type vxlan id {vni} local {Address(VtepAddress(h))} dstport {VxlanPort} nolearning",
                    $"link set {vxlan} master {bridge}", $"link set {vxlan} up");
                foreach (var other in hosts.Where(o => o != h))
                {
                    Add(LabPhase.Fdb, Ns(h), LabTool.Bridge, $"fdb append 00:00:00:00:00:00 dev {vxlan} dst {Address(VtepAddress(other))}");
                }
            }
        }
    }

    /// <summary>A host's VXLAN endpoint: its endpoint in a VXLAN tunnel, else its first address on a segment.</summary>
    private uint VtepAddress(int host)
    {
        for (var t = 0; t < I.Tunnels.Count; t++)
        {
            if (I.Tunnels.Kind[t] != TunnelKind.Vxlan) continue;
            for (var e = I.Tunnels.FirstEndpoint[t]; e < I.Tunnels.FirstEndpoint[t] + I.Tunnels.EndpointCount[t]; e++)
            {
                if (I.TunnelEndpoints.Device[e] == host) return I.TunnelEndpoints.Address[e];
            }
        }
        return InterfacesOf(host).Where(i => I.Interfaces.Segment[i] >= 0).Select(i => I.Interfaces.Address[i]).FirstOrDefault();
    }

    // ---- Interfaces -----------------------------------------------------------------------------------------------------

    private void Interfaces(int d, string ns)
    {
        Add(LabPhase.Addresses, ns, LabTool.Ip, "link set lo up");
        var host = I.Devices.Host[d];
        var groups = InterfacesOf(d).GroupBy(InterfaceName).ToList();
        var guestRows = groups.SelectMany(g => g).Where(i => IsWorkerGuest(d) || I.Interfaces.Segment[i] < 0).ToList();
        if (guestRows.Count > 0 && HasNamespace(host))
        {
            // A guest's link to its host: the guest side holds the addresses, the host side the guest gateway, of scope link
            // as a Calico host's guest links have no address of their own: a masquerade out of it takes the host's address.
            var hostSide = $"g{d}";
            Add(LabPhase.Links, ns, LabTool.Ip, $"link add eg type veth peer name {hostSide} netns {Ns(host)}", "link set eg up");
            Add(LabPhase.Masters, Ns(host), LabTool.Ip, $"link set {hostSide} up", $"address add {GuestGateway}/32 dev {hostSide} scope link noprefixroute");
            foreach (var i in guestRows)
            {
                _linkOf[(d, InterfaceName(i))] = "eg";
                Add(LabPhase.Addresses, ns, LabTool.Ip, $"address add {Address(I.Interfaces.Address[i])}/32 dev eg noprefixroute");
                // The host reaches the guest's address over the link, and answers ARP for it on the segment it names.
                Add(LabPhase.Routes, Ns(host), LabTool.Ip, $"route replace {Address(I.Interfaces.Address[i])}/32 dev {hostSide}");
                var segment = I.Interfaces.Segment[i];
                if (segment >= 0 && InterfacesOf(host).FirstOrDefault(j => I.Interfaces.Segment[j] == segment, -1) is var hostRow && hostRow >= 0)
                {
                    Add(LabPhase.Routes, Ns(host), LabTool.Ip, $"neigh add proxy {Address(I.Interfaces.Address[i])} dev {_linkOfHostRow(host, hostRow)}");
                }
            }
        }
        else if (guestRows.Count > 0)
        {
            _notes.Add($"{DeviceName(d)} has addresses on no segment and no host to reach them through; they are held on its loopback");
            foreach (var i in guestRows) Add(LabPhase.Addresses, ns, LabTool.Ip, $"address add {Address(I.Interfaces.Address[i])}/32 dev lo");
        }

        var k = 0;
        foreach (var group in groups)
        {
            var rows = group.Where(i => !guestRows.Contains(i)).ToList();
            if (rows.Count == 0) continue;
            var segment = I.Interfaces.Segment[rows[0]];
            var link = $"e{k++}";
            // A distributed router's copies share its VXLAN segments only; a VLAN is attached once, on its own host.
            if (ns != Ns(d) && I.Segments.Kind[segment] != SegmentKind.Vxlan) continue;
            _linkOf[(d, group.Key)] = link;
            var (peerNs, bridge) = _attach[(segment, ns)];
            var peer = $"d{d}{link}";
            var mac = Mac(d, k - 1);
            Add(LabPhase.Links, ns, LabTool.Ip, $"link add {link} address {mac} type veth peer name {peer} netns {peerNs}", $"link set {link} up");
            if (IsReplicated(d))
            {
                // The distributed router's MAC is local on every host: pinned to its port, never sent over VXLAN.
                Add(LabPhase.Fdb, peerNs, LabTool.Bridge, $"fdb replace {mac} dev {peer} master static sticky");
            }
            else if (_vteps.TryGetValue(segment, out var vteps))
            {
                // The controller's MAC table (NSX pushes it; nothing floods a unicast frame to every host).
                var home = vteps.First(v => v.Ns == peerNs);
                foreach (var other in vteps.Where(v => v.Ns != peerNs))
                {
                    Add(LabPhase.Fdb, other.Ns, LabTool.Bridge, $"fdb append {mac} dev x{segment} dst {home.Vtep}");
                }
            }
            Add(LabPhase.Masters, peerNs, LabTool.Ip, $"link set {peer} master {bridge}", $"link set {peer} up");
            foreach (var i in rows)
            {
                Add(LabPhase.Addresses, ns, LabTool.Ip, $"address add {Address(I.Interfaces.Address[i])}/{I.Interfaces.PrefixLength[i]} dev {link} noprefixroute");
            }
            if (IsReplicated(d))
            {
                // Its neighbours' MACs come from the controller (NSX's ARP suppression): an ARP reply to the shared MAC
                // would reach the copy on the replier's host, not the one that asked.
                foreach (var row in Enumerable.Range(0, I.Interfaces.Count).Where(r => I.Interfaces.Segment[r] == segment && I.Interfaces.Device[r] != d))
                {
                    var member = I.Interfaces.Device[row];
                    if (!HasNamespace(member) || IsWorkerGuest(member)) continue;
                    var memberLink = int.Parse(_linkOfHostRow(member, row)[1..], System.Globalization.CultureInfo.InvariantCulture);
                    Add(LabPhase.Routes, ns, LabTool.Ip, $"neigh replace {Address(I.Interfaces.Address[row])} lladdr {Mac(member, memberLink)} dev {link} nud permanent");
                }
            }
        }
    }

    private string _linkOfHostRow(int host, int row)
    {
        // The host's links are named in the order of its interface groups, as Interfaces() names them.
        var k = 0;
        foreach (var group in InterfacesOf(host).GroupBy(InterfaceName))
        {
            if (group.All(i => I.Interfaces.Segment[i] < 0)) continue;
            if (group.Contains(row)) return $"e{k}";
            k++;
        }
        return "e0";
    }

    /// <summary>
    /// " src A" for a connected route: A is the first address of its interface in its prefix, the source the kernel's own
    /// prefix route for that address carries (the lab's addresses are noprefixroute); without it the kernel would send
    /// from the interface's first address whatever the subnet.
    /// </summary>
    private string ConnectedSource(int d, int route)
    {
        var name = InterfaceName(I.Routes.OutInterface[route]);
        foreach (var i in InterfacesOf(d))
        {
            if (InterfaceName(i) == name && Covers(I.Routes.Network[route], I.Routes.Length[route], I.Interfaces.Address[i])) return $" src {Address(I.Interfaces.Address[i])}";
        }
        return "";
    }

    // ---- Routes ---------------------------------------------------------------------------------------------------------

    private void Routes(int d)
    {
        var lines = new List<string>();
        var later = new List<string>();
        foreach (var group in RoutesOf(d).GroupBy(r => (I.Routes.Network[r], I.Routes.Length[r])))
        {
            var prefix = Prefix(group.Key.Item1, group.Key.Item2);
            var rows = group.ToList();
            var first = rows[0];
            switch (I.Routes.Action[first])
            {
                case RouteAction.Local:
                    break;
                case RouteAction.Drop:
                    later.Add($"route replace blackhole {prefix}");
                    break;
                case RouteAction.Connected:
                    if (LinkOfInterface(d, I.Routes.OutInterface[first]) is { } dev) lines.Add($"route replace {prefix} dev {dev} scope link{ConnectedSource(d, first)}");
                    break;
                case RouteAction.Guest:
                    var guest = I.Routes.NextHopDevice[first];
                    if (HasNamespace(guest)) lines.Add($"route replace {prefix} dev g{guest}");
                    break;
                case RouteAction.Forward:
                    var hops = rows.Select(r => NextHop(d, r)).Where(h => h is not null).Distinct().ToList();
                    if (hops.Count == 0)
                    {
                        _notes.Add($"{DeviceName(d)}: route {prefix} has a next hop the lab cannot reach; not installed");
                    }
                    else if (hops.Count == 1) later.Add($"route replace {prefix} {hops[0]}");
                    else later.Add($"route replace {prefix} {string.Join(' ', hops.Select(h => "nexthop " + h))}");
                    break;
            }
        }
        foreach (var (instance, _) in _instances[d]) Add(LabPhase.Routes, instance, LabTool.Ip, lines.Concat(later));
    }

    /// <summary>"via G dev X [onlink]" for a forward route, a simulated tunnel link for a tunnel the kernel lacks, or null.</summary>
    private string? NextHop(int d, int r)
    {
        var next = I.Routes.NextHopDevice[r];
        var tunnel = I.Routes.Tunnel[r];
        if (tunnel >= 0 && next >= 0 && Encapsulates(d, next, tunnel)) return SimulatedHop(d, next, tunnel);
        if (IsWorkerGuest(d)) return $"via {GuestGateway} dev eg onlink";
        if (next >= 0 && I.Devices.Host[next] == d && HasNamespace(next) && InterfacesOf(next).Any(i => IsWorkerGuest(next) || I.Interfaces.Segment[i] < 0))
        {
            var guestAddress = InterfacesOf(next).Select(i => I.Interfaces.Address[i]).First();
            return $"via {Address(guestAddress)} dev g{next} onlink";
        }
        var gateway = I.Routes.NextHopAddress[r];
        if (gateway == 0 && next >= 0) gateway = AddressOnSharedSegment(d, next);
        if (gateway == 0) return null;
        foreach (var c in RoutesOf(d))
        {
            if (I.Routes.Action[c] == RouteAction.Connected && Covers(I.Routes.Network[c], I.Routes.Length[c], gateway)
                && LinkOfInterface(d, I.Routes.OutInterface[c]) is { } dev)
            {
                return $"via {Address(gateway)} dev {dev}";
            }
        }
        if (LinkOfInterface(d, I.Routes.OutInterface[r]) is { } outDev) return $"via {Address(gateway)} dev {outDev} onlink";
        var anyLink = InterfacesOf(d).Select(i => LinkOfInterface(d, i)).FirstOrDefault(l => l is not null);
        return anyLink is null ? null : $"via {Address(gateway)} dev {anyLink} onlink";
    }

    private string? LinkOfInterface(int device, int row) =>
        row >= 0 && _linkOf.TryGetValue((device, InterfaceName(row)), out var link) ? link : null;

    private uint AddressOnSharedSegment(int d, int next)
    {
        var mine = InterfacesOf(d).Select(i => I.Interfaces.Segment[i]).Where(s => s >= 0).ToHashSet();
        return InterfacesOf(next).Where(i => mine.Contains(I.Interfaces.Segment[i])).Select(i => I.Interfaces.Address[i]).FirstOrDefault();
    }

    /// <summary>Whether a route through a tunnel encapsulates: always, except IP-in-IP cross-subnet between endpoints on one
    /// subnet (the engine's rule, and Calico's); VXLAN tunnels are built for real by the segments, not by routes.</summary>
    private bool Encapsulates(int d, int next, int tunnel)
    {
        if (I.Tunnels.Kind[tunnel] == TunnelKind.Vxlan) return false;
        var local = Endpoint(tunnel, d);
        var remote = Endpoint(tunnel, next);
        if (local == 0 || remote == 0) return false;
        if (I.Tunnels.Kind[tunnel] != TunnelKind.IpInIp || I.Tunnels.Mode[tunnel] != TunnelMode.CrossSubnet) return true;
        foreach (var r in RoutesOf(d))
        {
            if (I.Routes.Action[r] != RouteAction.Connected || !Covers(I.Routes.Network[r], I.Routes.Length[r], remote)) continue;
            return !Covers(I.Routes.Network[r], I.Routes.Length[r], local);
        }
        return true;
    }

    /// <summary>The address of a device's tunnel device on a tunnel (a Calico worker's tunl0), or 0.</summary>
    private uint TunnelAddress(int tunnel, int device)
    {
        for (var e = I.Tunnels.FirstEndpoint[tunnel]; e < I.Tunnels.FirstEndpoint[tunnel] + I.Tunnels.EndpointCount[tunnel]; e++)
        {
            if (I.TunnelEndpoints.Device[e] == device) return I.TunnelEndpoints.TunnelAddress[e];
        }
        return 0;
    }

    private uint Endpoint(int tunnel, int device)
    {
        for (var e = I.Tunnels.FirstEndpoint[tunnel]; e < I.Tunnels.FirstEndpoint[tunnel] + I.Tunnels.EndpointCount[tunnel]; e++)
        {
            if (I.TunnelEndpoints.Device[e] == device) return I.TunnelEndpoints.Address[e];
        }
        return 0;
    }

    /// <summary>One veth link per pair of tunnel endpoints, 169.254.(100+k/63).(4(k%63)+1|2)/30, named t{k} on both sides.</summary>
    private string SimulatedHop(int d, int next, int tunnel)
    {
        var key = (Math.Min(d, next), Math.Max(d, next), tunnel);
        if (!_simLinks.TryGetValue(key, out var link))
        {
            var k = _simLinks.Count;
            var bas = (uint)((169u << 24) | (254u << 16) | ((uint)(100 + k / 63) << 8) | (uint)(4 * (k % 63)));
            link = ($"t{k}", bas + 1, bas + 2);
            _simLinks[key] = link;
            var (a, b) = (key.Item1, key.Item2);
            Add(LabPhase.Tunnels, Ns(a), LabTool.Ip, $"link add {link.Name} type veth peer name {link.Name} netns {Ns(b)}", $"link set {link.Name} up",
                $"address add {Address(link.Near)}/30 dev {link.Name} scope link");
            // Of scope link: the simulated link is no address of the device's, so no source selection (a masquerade
            // above all) takes it in place of one the design gave the device.
            Add(LabPhase.Masters, Ns(b), LabTool.Ip, $"link set {link.Name} up", $"address add {Address(link.Far)}/30 dev {link.Name} scope link");
            // A Calico worker's tunl0 address, on every simulated link of its tunnel: what it sends over the link (a
            // masquerade above all) leaves from it, and the peer's route to its pod block brings the reply back over it.
            foreach (var end in (int[])[a, b])
            {
                if (TunnelAddress(tunnel, end) is var inner && inner != 0)
                {
                    Add(LabPhase.Addresses, Ns(end), LabTool.Ip, $"address add {Address(inner)}/32 dev {link.Name} noprefixroute");
                }
            }
            var kind = Words.Of(I.Tunnels.Kind[tunnel]);
            _simulated.Add(new SimulatedLink(I.String(I.Tunnels.Name[tunnel]), kind, a, b, link.Name));
        }
        var peer = d == key.Item1 ? link.Far : link.Near;
        return $"via {Address(peer)} dev {link.Name}";
    }

    // ---- nftables: NAT and the recorder ---------------------------------------------------------------------------------

    /// <summary>The recorder's table; its sets hold the TTLs seen at each hook (a probe starts at 64, a reply at 128).</summary>
    public const string RecorderTable = "netflow_lab";

    /// <summary>The recorder's sets: rx prerouting, tx postrouting, dl delivered here, ve/vd VXLAN encapsulated/decapsulated
    /// here (the inner TTL), vr a VXLAN packet passing (its inner TTL), seen_dst the destinations of probes after DNAT and
    /// seen_src the sources of probes delivered here (TTL ≤ 64: where the reply goes).</summary>
    public static readonly string[] RecorderSets = ["rx", "tx", "dl", "ve", "vd", "vr", "seen_dst", "seen_src"];

    private void Nft(int d)
    {
        var nft = new StringBuilder();
        nft.AppendLine($"table ip {RecorderTable} {{");
        foreach (var set in RecorderSets)
        {
            var type = set switch { "seen_dst" => "ip daddr", "seen_src" => "ip saddr", "ve" or "vd" or "vr" => "@th,304,8", _ => "ip ttl" };
            nft.AppendLine($"  set {set} {{ typeof {type}; flags dynamic; size 1024; }}");
        }
        // Only the probe and its reply: not IGMP reports and broadcasts (the kernel's own chatter), not the resets and ICMP
        // errors the kernel sends for packets that no longer have a socket or a route (they cross the path at TTL 128).
        const string chatter = "ip protocol igmp return; ip daddr { 224.0.0.0/4, 255.255.255.255 } return; " +
            "tcp flags & rst == rst return; icmp type { destination-unreachable, time-exceeded, redirect } return;";
        // The same for the packet inside a VXLAN packet, whose TTL (byte 38 after the UDP header: UDP 8 + VXLAN 8 +
        // Ethernet 14 bytes, then byte 8 of the inner IP header) is what a host's VXLAN step records: only IPv4 (ethertype,
        // byte 28; not the ARP frames VXLAN floods) without options (header length, the low half of byte 30), and not IGMP
        // (protocol, byte 39), multicast or broadcast (first byte of the destination, 46), a TCP reset (flags, byte 63)
        // or an ICMP error (type, byte 50).
        var vxlan = $"udp dport {VxlanPort}";
        var innerChatter = $"{vxlan} @th,224,16 != 0x0800 return; {vxlan} @th,244,4 != 5 return; {vxlan} @th,312,8 2 return; " +
            $"{vxlan} @th,368,8 >= 224 return; {vxlan} @th,312,8 6 @th,504,8 & 0x04 == 0x04 return; " +
            $"{vxlan} @th,312,8 1 @th,400,8 {{ 3, 5, 11 }} return;";
        nft.AppendLine($"  chain c_pre {{ type filter hook prerouting priority -300; {chatter} {innerChatter} {vxlan} add @vr {{ @th,304,8 }}; {vxlan} return; add @rx {{ ip ttl }}; }}");
        nft.AppendLine($"  chain c_prenat {{ type filter hook prerouting priority -90; {chatter} {vxlan} return; ip ttl <= 64 add @seen_dst {{ ip daddr }}; }}");
        nft.AppendLine($"  chain c_in {{ type filter hook input priority 0; {chatter} {innerChatter} {vxlan} add @vd {{ @th,304,8 }}; {vxlan} return; add @dl {{ ip ttl }}; ip ttl <= 64 add @seen_src {{ ip saddr }}; }}");
        nft.AppendLine($"  chain c_out {{ type filter hook output priority 0; {chatter} {innerChatter} {vxlan} add @ve {{ @th,304,8 }}; }}");
        nft.AppendLine($"  chain c_post {{ type filter hook postrouting priority 300; {chatter} {vxlan} return; add @tx {{ ip ttl }}; }}");
        nft.AppendLine("}");

        var dnat = DestinationNats(d).ToList();
        var snat = SourceNats(d).ToList();
        // kube-proxy's KUBE-POSTROUTING: a connection its rules marked is masqueraded before any other source NAT.
        if (DnatRows(d).Any(r => I.DestinationNats.Kind[r] == DestinationNatKind.KubeProxy)) snat.Insert(0, $"meta mark & {KubeProxyMark} == {KubeProxyMark} masquerade");
        if (dnat.Count > 0 || snat.Count > 0)
        {
            nft.AppendLine("table ip netflow_nat {");
            nft.AppendLine("  chain pre { type nat hook prerouting priority dstnat;");
            foreach (var rule in dnat) nft.AppendLine("    " + rule);
            nft.AppendLine("  }");
            nft.AppendLine("  chain out { type nat hook output priority -100;");
            foreach (var rule in dnat) nft.AppendLine("    " + rule);
            nft.AppendLine("  }");
            nft.AppendLine("  chain post { type nat hook postrouting priority srcnat;");
            foreach (var rule in snat) nft.AppendLine("    " + rule);
            nft.AppendLine("  }");
            nft.AppendLine("}");
        }
        foreach (var (instance, _) in _instances[d]) Add(LabPhase.Nft, instance, LabTool.Nft, nft.ToString());
    }

    /// <summary>The rows that translate at a device (a proxy line accepts instead: the lab's proxy listener plays it).</summary>
    private IEnumerable<int> DnatRows(int d) =>
        Enumerable.Range(0, I.DestinationNats.Count).Where(r => I.DestinationNats.Device[r] == d && I.DestinationNats.Kind[r] != DestinationNatKind.Proxy);

    /// <summary>kube-proxy's masquerade mark (KUBE-MARK-MASQ).</summary>
    private const string KubeProxyMark = "0x4000";

    /// <summary>
    /// One rule per destination NAT, first match first: netfilter gives a connection one DNAT verdict per hook, as the
    /// engine applies one rule per device (a rule that translates to what another matches is NF2020). Several backends are chosen by a hash of the source (the kernel's choice,
    /// not the engine's: where they differ, the lab reports it).
    /// </summary>
    private IEnumerable<string> DestinationNats(int d)
    {
        var nats = I.DestinationNats;
        foreach (var r in DnatRows(d))
        {
            if (nats.TargetCount[r] == 0) continue;
            var match = new StringBuilder($"ip daddr {Address(nats.Address[r])}");
            var protocol = nats.Protocol[r];
            if (protocol is Protocol.Tcp or Protocol.Udp) match.Append($" meta l4proto {protocol.ToString().ToLowerInvariant()}");
            else if (protocol == Protocol.Icmp) match.Append(" meta l4proto icmp");
            if (nats.Port[r] >= 0)
            {
                if (protocol is not (Protocol.Tcp or Protocol.Udp)) match.Append(" meta l4proto { tcp, udp }");
                match.Append($" th dport {nats.Port[r]}");
            }
            var targets = Enumerable.Range(nats.FirstTarget[r], nats.TargetCount[r])
                .Select(t => (Address: I.NatTargets.Address[t], Port: I.NatTargets.Port[t])).ToList();
            string Target((uint Address, int Port) t) => t.Port >= 0 ? $"{Address(t.Address)} . {t.Port}" : Address(t.Address);
            // kube-proxy marks what it translates for masquerade, unless it comes from the cluster's pod network.
            if (nats.Kind[r] == DestinationNatKind.KubeProxy)
            {
                var pods = nats.PodLength[r] > 0 ? $" ip saddr != {Prefix(nats.PodNetwork[r], nats.PodLength[r])}" : "";
                yield return $"{match}{pods} meta mark set meta mark or {KubeProxyMark}";
            }
            if (targets.Count == 1)
            {
                yield return targets[0].Port >= 0 ? $"{match} dnat to {Address(targets[0].Address)}:{targets[0].Port}" : $"{match} dnat to {Address(targets[0].Address)}";
            }
            else if (targets.All(t => t.Port < 0))
            {
                yield return $"{match} dnat to jhash ip saddr mod {targets.Count} map {{ {string.Join(", ", targets.Select((t, i) => $"{i} : {Target(t)}"))} }}";
            }
            else
            {
                var ported = targets.Select(t => t.Port >= 0 ? t : (t.Address, nats.Port[r])).ToList();
                yield return $"{match} dnat ip addr . port to jhash ip saddr mod {targets.Count} map {{ {string.Join(", ", ported.Select((t, i) => $"{i} : {Target(t)}"))} }}";
            }
        }
    }

    private IEnumerable<string> SourceNats(int d)
    {
        var nats = I.SourceNats;
        for (var r = 0; r < nats.Count; r++)
        {
            if (nats.Device[r] != d) continue;
            var match = new StringBuilder();
            if (nats.MatchLength[r] > 0) match.Append($"ip saddr {Prefix(nats.MatchNetwork[r], nats.MatchLength[r])} ");
            if (nats.TowardLength[r] > 0) match.Append($"ip daddr {Prefix(nats.TowardNetwork[r], nats.TowardLength[r])} ");
            if (nats.ExceptLength[r] > 0) match.Append($"ip daddr != {Prefix(nats.ExceptNetwork[r], nats.ExceptLength[r])} ");
            yield return nats.Target[r] == SourceNatTarget.Egress
                ? $"{match}masquerade"
                : $"{match}snat to {Address(nats.TargetAddress[r])}";
        }
    }
}
