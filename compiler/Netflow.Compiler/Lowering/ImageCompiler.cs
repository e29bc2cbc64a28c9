using Netflow.Language;
using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Language.Text;
using Netflow.Runtime.Image;
using L = Netflow.Language.Binding;
using R = Netflow.Runtime.Image;

namespace Netflow.Compiler.Lowering;

/// <summary>
/// Lowers a checked compilation into a <see cref="NetworkImage"/>: every symbol becomes a table row, the routing tables
/// become FIB rows, the services' destination NAT is installed on every worker of their cluster (that is what kube-proxy
/// does), and every row keeps the source location of the declaration that produced it.
/// </summary>
public sealed class ImageCompiler
{
    private readonly Compilation _compilation;
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<string> _stringList = [""];
    private readonly Dictionary<(string, int, int), int> _sources = [];
    private readonly TableBuilder<SourceMap> _sourceMap = new();
    private readonly Dictionary<DeviceSymbol, int> _devices = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SegmentSymbol, int> _segments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<InterfaceSymbol, int> _interfaces = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TunnelSymbol, int> _tunnels = new(ReferenceEqualityComparer.Instance);

    private ImageCompiler(Compilation compilation)
    {
        _compilation = compilation;
        _sourceMap.Add(new() { File = [0], Line = [0], Column = [0] });
    }

    public static NetworkImage Compile(Compilation compilation) => new ImageCompiler(compilation).Lower();

    private NetworkModel Model => _compilation.Model;
    private Topology Topology => _compilation.Topology;

    private int Str(string? value)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        if (_strings.TryGetValue(value, out var row)) return row;
        _strings[value] = row = _stringList.Count;
        _stringList.Add(value);
        return row;
    }

    private int Src(SourceLocation? location)
    {
        if (location is null) return 0;
        var start = location.Start;
        var key = (location.Path, start.Line + 1, start.Character + 1);
        if (_sources.TryGetValue(key, out var row)) return row;
        _sources[key] = row = _sourceMap.Count;
        _sourceMap.Add(new() { File = [Str(location.Path)], Line = [key.Item2], Column = [key.Item3] });
        return row;
    }

    private static uint V4(IpAddress address) => address.ToV4();

    private int DeviceRow(DeviceSymbol? device) => device is null ? -1 : _devices.GetValueOrDefault(device, -1);

    private NetworkImage Lower()
    {
        for (var i = 0; i < Model.Devices.Count; i++) _devices[Model.Devices[i]] = i;
        for (var i = 0; i < Model.Segments.Count; i++) _segments[Model.Segments[i]] = i;
        for (var i = 0; i < Model.Tunnels.Count; i++) _tunnels[Model.Tunnels[i]] = i;

        var segments = LowerSegments();
        var interfaces = LowerInterfaces();
        var (devices, routes) = LowerDevicesAndRoutes();
        var snat = LowerSourceNat();
        var (dnat, targets) = LowerDestinationNat();
        var (tunnels, endpoints) = LowerTunnels();
        var dns = LowerDns();
        var (flows, steps) = LowerFlows();
        var listeners = LowerListeners();

        return new NetworkImage
        {
            Strings = [.. _stringList],
            Sources = _sourceMap.Build(),
            Devices = devices,
            Interfaces = interfaces,
            Segments = segments,
            Routes = routes,
            SourceNats = snat,
            DestinationNats = dnat,
            NatTargets = targets,
            Tunnels = tunnels,
            TunnelEndpoints = endpoints,
            Dns = dns,
            Flows = flows,
            FlowSteps = steps,
            Listeners = listeners,
        };
    }

    private SegmentTable LowerSegments()
    {
        var rows = new TableBuilder<SegmentTable>();
        foreach (var s in Model.Segments)
        {
            rows.Add(new() { Name = [Str(s.QualifiedName)], Kind = [s.Kind.ToRuntime()], Id = [s.Id ?? 0], Source = [Src(s.Location)] });
        }
        return rows.Build();
    }

    private InterfaceTable LowerInterfaces()
    {
        var rows = new TableBuilder<InterfaceTable>();
        foreach (var device in Model.Devices)
        {
            foreach (var iface in device.Interfaces)
            {
                foreach (var (address, location) in iface.Addresses)
                {
                    _interfaces.TryAdd(iface, rows.Count);
                    rows.Add(new()
                    {
                        Device = [_devices[device]], Name = [Str(iface.Name)], Address = [V4(address)],
                        Segment = [iface.Segment is { } s ? _segments[s] : -1], Shared = [iface.Shared], Source = [Src(location)],
                    });
                }
            }
        }
        return rows.Build();
    }

    /// <summary>The devices, each with its range of the routes, and the routes (the FIB) of each device in turn.</summary>
    private (DeviceTable, RouteTable) LowerDevicesAndRoutes()
    {
        var devices = new TableBuilder<DeviceTable>();
        var routes = new TableBuilder<RouteTable>();
        for (var d = 0; d < Model.Devices.Count; d++)
        {
            var device = Model.Devices[d];
            var first = routes.Count;
            foreach (var entry in _compilation.Routes.GetValueOrDefault(device)?.Entries ?? [])
            {
                var (next, tunnel) = (entry.NextHop, entry.Tunnel);
                var action = entry.Source switch
                {
                    RouteSource.Local => RouteAction.Local,
                    RouteSource.Connected => RouteAction.Connected,
                    RouteSource.Guest => RouteAction.Guest,
                    _ when entry.Drop => RouteAction.Drop,
                    // 'route P via OWN-INTERFACE': whoever holds the destination on that segment.
                    _ when next is null && tunnel is null && entry.OutInterface is not null && entry.NextHopAddress is null => RouteAction.Connected,
                    _ => RouteAction.Forward,
                };
                routes.Add(new()
                {
                    Device = [d], Network = [V4(entry.Prefix.Network)], Length = [(byte)entry.Prefix.Length], Action = [action],
                    NextHopDevice = [DeviceRow(next)], NextHopAddress = [entry.NextHopAddress is { } a ? V4(a) : 0],
                    OutInterface = [entry.OutInterface is { } o ? _interfaces.GetValueOrDefault(o, -1) : -1],
                    Tunnel = [tunnel is null ? -1 : _tunnels[tunnel]], Source = [Src(entry.Location)],
                    Origin = [OriginOf(entry.Source)], LearnedFrom = [DeviceRow(entry.LearnedFrom)],
                });
            }
            devices.Add(new()
            {
                Name = [Str(device.QualifiedName)], Description = [Str(device.Description)], Kind = [device.Kind.ToRuntime()],
                Host = [DeviceRow(device.Host)], Site = [Str(device.Site?.QualifiedName)], Resolver = [DeviceRow(device.Resolver)],
                FirstRoute = [first], RouteCount = [routes.Count - first], Source = [Src(device.Location)],
            });
        }
        return (devices.Build(), routes.Build());
    }

    /// <summary>The language's route sources as the image's origins, one for one.</summary>
    internal static RouteOrigin OriginOf(RouteSource source) => source switch
    {
        RouteSource.Connected => RouteOrigin.Connected,
        RouteSource.Local => RouteOrigin.Local,
        RouteSource.Guest => RouteOrigin.Guest,
        RouteSource.Static => RouteOrigin.Static,
        RouteSource.Bgp => RouteOrigin.Bgp,
        _ => RouteOrigin.HostDefault,
    };

    /// <summary>
    /// What each device listens on: its <c>serves</c> lines, then its kind's defaults: ICMP echo everywhere; DNS on a
    /// DNS server; IKE and NAT-T on a VPN gateway and on every IPsec tunnel endpoint; BGP on a BGP speaker; and a
    /// workload (VM, pod, client) that declares no service serves every port, so that a small network needs no lines.
    /// </summary>
    private ListenerTable LowerListeners()
    {
        var rows = new TableBuilder<ListenerTable>();
        var ipsecGateways = Model.Tunnels.Where(t => t.Kind == L.TunnelKind.Ipsec)
            .SelectMany(t => t.Endpoints.Select(Topology.DeviceOf)).OfType<DeviceSymbol>().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var device in Model.Devices)
        {
            var row = _devices[device];
            var source = Src(device.Location);
            void Add(R.Protocol protocol, int port, int at) => rows.Add(new() { Device = [row], Protocol = [protocol], Port = [port], Source = [at] });

            foreach (var served in device.Serves) Add(served.Protocol.ToRuntime(), served.Port ?? -1, Src(served.Location));
            if (device.Serves.Count == 0 && device.Kind is L.DeviceKind.Vm or L.DeviceKind.Pod or L.DeviceKind.Client) Add(R.Protocol.Any, -1, source);
            Add(R.Protocol.Icmp, -1, source);
            if (device.Kind == L.DeviceKind.DnsServer)
            {
                Add(R.Protocol.Udp, 53, source);
                Add(R.Protocol.Tcp, 53, source);
            }
            if (device.Kind == L.DeviceKind.VpnGateway || ipsecGateways.Contains(device))
            {
                Add(R.Protocol.Udp, 500, source);
                Add(R.Protocol.Udp, 4500, source);
            }
            if (device.Bgp is { } bgp) Add(R.Protocol.Tcp, 179, Src(bgp.Location));
        }
        return rows.Build();
    }

    private SourceNatTable LowerSourceNat()
    {
        var rows = new TableBuilder<SourceNatTable>();
        foreach (var device in Model.Devices)
        {
            foreach (var nat in device.SourceNats)
            {
                var target = nat.ToEgress ? SourceNatTarget.Egress : nat.ToPool is not null ? SourceNatTarget.Pool : SourceNatTarget.Address;
                // A pool translates to its first host address (the network itself for a /31 or /32).
                var address = nat.ToAddress is { } a ? V4(a) : nat.ToPool?.Prefix is { } p ? V4(p.Network) + (p.Length >= 31 ? 0u : 1u) : 0;
                var (match, toward, except) = (nat.Match.Prefix, nat.Toward?.Prefix, nat.Except?.Prefix);
                rows.Add(new()
                {
                    Device = [_devices[device]], MatchNetwork = [match is { } m ? V4(m.Network) : 0], MatchLength = [(byte)(match?.Length ?? 0)],
                    TowardNetwork = [toward is { } t ? V4(t.Network) : 0], TowardLength = [(byte)(toward?.Length ?? 0)], Target = [target],
                    TargetAddress = [address], Source = [Src(nat.Location)],
                    ExceptNetwork = [except is { } x ? V4(x.Network) : 0], ExceptLength = [(byte)(except?.Length ?? 0)],
                });
            }
        }
        return rows.Build();
    }

    private (DestinationNatTable, NatTargetTable) LowerDestinationNat()
    {
        var rules = new TableBuilder<DestinationNatTable>();
        var targets = new TableBuilder<NatTargetTable>();
        foreach (var device in Model.Devices)
        {
            // A service's NAT is what kube-proxy installs on every worker of the service's cluster.
            var installers = device.Kind == L.DeviceKind.Service
                ? Model.Devices.Where(d => d.Kind == L.DeviceKind.Worker && Encloses(device.Scope, d)).ToList()
                : [device];
            foreach (var nat in device.DestinationNats)
            {
                if (nat.Match is not { } match) continue;
                var first = targets.Count;
                foreach (var target in nat.Targets)
                {
                    var (address, owner) = Resolve(target);
                    if (address is { } a) targets.Add(new() { Address = [a], Port = [target.Port ?? -1], Device = [DeviceRow(owner)] });
                }
                var protocol = nat.Protocol?.ToRuntime() ?? R.Protocol.Any;
                // A service's address outside the cluster's service ranges is external (a load balancer's, a node's): kube-proxy
                // masquerades that traffic to the node (externalTrafficPolicy Cluster); a cluster IP it only translates.
                var masquerade = device.Kind == L.DeviceKind.Service && !IsClusterIp(match);
                foreach (var installer in installers)
                {
                    rules.Add(new()
                    {
                        Device = [_devices[installer]], Address = [V4(match)], Port = [nat.Port ?? -1], Protocol = [protocol],
                        FirstTarget = [first], TargetCount = [targets.Count - first], Source = [Src(nat.Location)], Masquerade = [masquerade],
                    });
                }
            }
        }
        return (rules.Build(), targets.Build());
    }

    /// <summary>Whether an address lies in a range of cluster-service origin: a service's cluster IP.</summary>
    private bool IsClusterIp(IpAddress address) =>
        Model.Ranges.Any(r => r.Origin == RangeOrigin.ClusterService && r.Prefix is { } p && p.Contains(address));

    /// <summary>The address an endpoint stands for, and the device that holds it.</summary>
    private (uint? Address, DeviceSymbol? Device) Resolve(Endpoint endpoint)
    {
        switch (endpoint.Symbol)
        {
            case InterfaceSymbol iface when iface.Addresses.Count > 0:
                return (V4(iface.Addresses[0].Address), iface.Device);
            case DeviceSymbol { Kind: L.DeviceKind.Service } service:
                // A service has no interface: it stands for its cluster IP, the address of its first dnat.
                return (service.DestinationNats.Select(n => n.Match).OfType<IpAddress>().Select(a => (uint?)V4(a)).FirstOrDefault(), service);
            case DeviceSymbol device:
                var address = device.Interfaces.SelectMany(i => i.Addresses).Select(a => (IpAddress?)a.Address).FirstOrDefault();
                return (address is { } a ? V4(a) : null, device);
        }
        if (endpoint.Address is { } literal)
        {
            var owner = Topology.Owners(literal).FirstOrDefault()?.Device;
            return (V4(literal), owner);
        }
        return (null, null);
    }

    private static bool Encloses(ScopeSymbol? scope, Symbol symbol)
    {
        if (scope is null) return true;
        for (var s = symbol.Scope; s is not null; s = s.Scope)
        {
            if (ReferenceEquals(s, scope)) return true;
        }
        return false;
    }

    private (TunnelTable, TunnelEndpointTable) LowerTunnels()
    {
        var tunnels = new TableBuilder<TunnelTable>();
        var endpoints = new TableBuilder<TunnelEndpointTable>();
        foreach (var tunnel in Model.Tunnels)
        {
            var first = endpoints.Count;
            foreach (var endpoint in tunnel.Endpoints)
            {
                var device = Topology.DeviceOf(endpoint);
                var address = endpoint.Address
                    ?? (endpoint.Symbol as InterfaceSymbol)?.Addresses.Select(a => (IpAddress?)a.Address).FirstOrDefault()
                    ?? device?.Interfaces.Where(i => i.Segment is not null).SelectMany(i => i.Addresses).Select(a => (IpAddress?)a.Address).FirstOrDefault();
                if (device is null || address is null) continue;
                endpoints.Add(new() { Device = [_devices[device]], Address = [V4(address.Value)] });
            }
            tunnels.Add(new()
            {
                Name = [Str(tunnel.QualifiedName)], Kind = [tunnel.Kind.ToRuntime()], Mode = [tunnel.Mode.ToRuntime()],
                StretchedSegment = [tunnel.Stretches is { } s ? _segments[s] : -1], FirstEndpoint = [first],
                EndpointCount = [endpoints.Count - first], Source = [Src(tunnel.Location)],
            });
        }
        return (tunnels.Build(), endpoints.Build());
    }

    private DnsTable LowerDns()
    {
        var rows = new TableBuilder<DnsTable>();
        foreach (var r in Model.Devices.SelectMany(d => d.Records))
        {
            rows.Add(new()
            {
                Name = [Str(r.HostName.ToLowerInvariant())], Address = [Resolve(r.Target).Address ?? 0], Server = [_devices[r.Server]],
                Source = [Src(r.Location)],
            });
        }
        return rows.Build();
    }

    private (FlowTable, FlowStepTable) LowerFlows()
    {
        var flows = new TableBuilder<FlowTable>();
        var steps = new TableBuilder<FlowStepTable>();
        foreach (var flow in Model.Flows.Where(f => f.Source is not null && f.Destination is not null))
        {
            var first = steps.Count;
            foreach (var step in flow.Steps)
            {
                var (address, argument) = step.Argument is { } a ? Resolve(a) : (null, null);
                steps.Add(new()
                {
                    Kind = [step.Kind.ToRuntime()], Device = [DeviceRow(step.Device)], Encapsulation = [EncapsulationKind(step.Encapsulation)], Address = [address ?? 0],
                    ArgumentDevice = [step.Argument?.Address is null ? DeviceRow(argument) : -1], Text = [Str(step.Text)], Source = [Src(step.Location)],
                });
            }
            foreach (var (encapsulation, location) in flow.Never)
            {
                steps.Add(new()
                {
                    Kind = [R.WaypointKind.NeverEncapsulation], Device = [-1], Encapsulation = [EncapsulationKind(encapsulation)], Address = [0u],
                    ArgumentDevice = [-1], Text = [0], Source = [Src(location)],
                });
            }
            var destination = flow.Destination!;
            flows.Add(new()
            {
                Name = [Str(flow.QualifiedName)], Title = [Str(flow.Title)], SourceDevice = [_devices[flow.Source!]],
                DestinationKind = [destination.HostName is not null ? FlowDestinationKind.HostName
                    : destination.Address is not null ? FlowDestinationKind.Address : FlowDestinationKind.Device],
                DestinationName = [Str(destination.HostName?.ToLowerInvariant())], DestinationAddress = [DestinationAddress(destination)],
                DestinationDevice = [destination.Symbol switch
                {
                    DeviceSymbol d => _devices[d],
                    InterfaceSymbol i => _devices[i.Device],
                    _ => -1,
                }],
                Port = [destination.Port ?? -1], Protocol = [destination.Protocol.ToRuntime()], Expected = [flow.ExpectedDisposition.ToRuntime()],
                FirstStep = [first], StepCount = [steps.Count - first], Source = [Src(flow.Location)],
            });
        }
        return (flows.Build(), steps.Build());
    }

    private uint DestinationAddress(FlowDestination destination) => destination switch
    {
        { Address: { } a } => V4(a),
        { Symbol: { } symbol } => Resolve(new Endpoint(null, symbol, null, destination.Location)).Address ?? 0,
        _ => 0,
    };

    /// <summary>The encapsulation a step names; a step that names none stores L2, which nothing reads.</summary>
    private static R.TunnelKind EncapsulationKind(Encapsulation? encapsulation) => encapsulation?.ToRuntime() ?? R.TunnelKind.L2;
}
