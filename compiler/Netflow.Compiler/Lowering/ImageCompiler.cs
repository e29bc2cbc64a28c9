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
    private readonly List<(int File, int Line, int Column)> _sourceList = [(0, 0, 0)];
    private readonly Dictionary<DeviceSymbol, int> _devices = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SegmentSymbol, int> _segments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<InterfaceSymbol, int> _interfaces = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TunnelSymbol, int> _tunnels = new(ReferenceEqualityComparer.Instance);

    private ImageCompiler(Compilation compilation) => _compilation = compilation;

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
        _sources[key] = row = _sourceList.Count;
        _sourceList.Add((Str(location.Path), key.Item2, key.Item3));
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
        var (routes, firstRoute, routeCount) = LowerRoutes();
        var devices = LowerDevices(firstRoute, routeCount);
        var snat = LowerSourceNat();
        var (dnat, targets) = LowerDestinationNat();
        var (tunnels, endpoints) = LowerTunnels();
        var dns = LowerDns();
        var (flows, steps) = LowerFlows();

        return new NetworkImage
        {
            Strings = [.. _stringList],
            Sources = new SourceMap
            {
                File = [.. _sourceList.Select(s => s.File)],
                Line = [.. _sourceList.Select(s => s.Line)],
                Column = [.. _sourceList.Select(s => s.Column)],
            },
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
        };
    }

    private SegmentTable LowerSegments() => new()
    {
        Name = [.. Model.Segments.Select(s => Str(s.QualifiedName))],
        Kind = [.. Model.Segments.Select(s => (R.SegmentKind)s.Kind)],
        Id = [.. Model.Segments.Select(s => s.Id ?? 0)],
        Source = [.. Model.Segments.Select(s => Src(s.Location))],
    };

    private InterfaceTable LowerInterfaces()
    {
        var rows = new List<(int Device, int Name, uint Address, int Segment, bool Shared, int Source)>();
        foreach (var device in Model.Devices)
        {
            foreach (var iface in device.Interfaces)
            {
                foreach (var (address, location) in iface.Addresses)
                {
                    _interfaces.TryAdd(iface, rows.Count);
                    var segment = iface.Segment is { } s ? _segments[s] : -1;
                    rows.Add((_devices[device], Str(iface.Name), V4(address), segment, iface.Shared, Src(location)));
                }
            }
        }
        return new InterfaceTable
        {
            Device = [.. rows.Select(r => r.Device)],
            Name = [.. rows.Select(r => r.Name)],
            Address = [.. rows.Select(r => r.Address)],
            Segment = [.. rows.Select(r => r.Segment)],
            Shared = [.. rows.Select(r => r.Shared)],
            Source = [.. rows.Select(r => r.Source)],
        };
    }

    private DeviceTable LowerDevices(int[] firstRoute, int[] routeCount) => new()
    {
        Name = [.. Model.Devices.Select(d => Str(d.QualifiedName))],
        Description = [.. Model.Devices.Select(d => Str(d.Description))],
        Kind = [.. Model.Devices.Select(d => (R.DeviceKind)d.Kind)],
        Host = [.. Model.Devices.Select(d => DeviceRow(d.Host))],
        Site = [.. Model.Devices.Select(d => Str(d.Site?.QualifiedName))],
        Resolver = [.. Model.Devices.Select(d => DeviceRow(d.Resolver))],
        FirstRoute = firstRoute,
        RouteCount = routeCount,
        Source = [.. Model.Devices.Select(d => Src(d.Location))],
    };

    private (RouteTable, int[], int[]) LowerRoutes()
    {
        var rows = new List<(int Device, uint Network, byte Length, RouteAction Action, int Next, uint NextAddress, int Out, int Tunnel, int Source)>();
        var first = new int[Model.Devices.Count];
        var count = new int[Model.Devices.Count];
        for (var d = 0; d < Model.Devices.Count; d++)
        {
            var device = Model.Devices[d];
            first[d] = rows.Count;
            if (_compilation.Routes.TryGetValue(device, out var table))
            {
                foreach (var entry in table.Entries)
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
                    var outInterface = entry.OutInterface is { } o ? _interfaces.GetValueOrDefault(o, -1) : -1;
                    rows.Add((d, V4(entry.Prefix.Network), (byte)entry.Prefix.Length, action, DeviceRow(next),
                        entry.NextHopAddress is { } a ? V4(a) : 0, outInterface, tunnel is null ? -1 : _tunnels[tunnel], Src(entry.Location)));
                }
            }
            count[d] = rows.Count - first[d];
        }
        var routes = new RouteTable
        {
            Device = [.. rows.Select(r => r.Device)],
            Network = [.. rows.Select(r => r.Network)],
            Length = [.. rows.Select(r => r.Length)],
            Action = [.. rows.Select(r => r.Action)],
            NextHopDevice = [.. rows.Select(r => r.Next)],
            NextHopAddress = [.. rows.Select(r => r.NextAddress)],
            OutInterface = [.. rows.Select(r => r.Out)],
            Tunnel = [.. rows.Select(r => r.Tunnel)],
            Source = [.. rows.Select(r => r.Source)],
        };
        return (routes, first, count);
    }

    private SourceNatTable LowerSourceNat()
    {
        var rows = new List<(int Device, IpPrefix? Match, IpPrefix? Toward, SourceNatTarget Target, uint Address, int Source)>();
        foreach (var device in Model.Devices)
        {
            foreach (var nat in device.SourceNats)
            {
                var target = nat.ToEgress ? SourceNatTarget.Egress : nat.ToPool is not null ? SourceNatTarget.Pool : SourceNatTarget.Address;
                // A pool translates to its first host address (the network itself for a /31 or /32).
                var address = nat.ToAddress is { } a ? V4(a) : nat.ToPool?.Prefix is { } p ? V4(p.Network) + (p.Length >= 31 ? 0u : 1u) : 0;
                rows.Add((_devices[device], nat.Match.Prefix, nat.Toward?.Prefix, target, address, Src(nat.Location)));
            }
        }
        return new SourceNatTable
        {
            Device = [.. rows.Select(r => r.Device)],
            MatchNetwork = [.. rows.Select(r => r.Match is { } p ? V4(p.Network) : 0)],
            MatchLength = [.. rows.Select(r => (byte)(r.Match?.Length ?? 0))],
            TowardNetwork = [.. rows.Select(r => r.Toward is { } p ? V4(p.Network) : 0)],
            TowardLength = [.. rows.Select(r => (byte)(r.Toward?.Length ?? 0))],
            Target = [.. rows.Select(r => r.Target)],
            TargetAddress = [.. rows.Select(r => r.Address)],
            Source = [.. rows.Select(r => r.Source)],
        };
    }

    private (DestinationNatTable, NatTargetTable) LowerDestinationNat()
    {
        var rules = new List<(int Device, uint Address, int Port, R.Protocol Protocol, int First, int Count, int Source)>();
        var targets = new List<(uint Address, int Port, int Device)>();
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
                    if (address is { } a) targets.Add((a, target.Port ?? -1, DeviceRow(owner)));
                }
                var protocol = nat.Protocol is { } p ? (R.Protocol)p : R.Protocol.Any;
                foreach (var installer in installers)
                {
                    rules.Add((_devices[installer], V4(match), nat.Port ?? -1, protocol, first, targets.Count - first, Src(nat.Location)));
                }
            }
        }
        var dnat = new DestinationNatTable
        {
            Device = [.. rules.Select(r => r.Device)],
            Address = [.. rules.Select(r => r.Address)],
            Port = [.. rules.Select(r => r.Port)],
            Protocol = [.. rules.Select(r => r.Protocol)],
            FirstTarget = [.. rules.Select(r => r.First)],
            TargetCount = [.. rules.Select(r => r.Count)],
            Source = [.. rules.Select(r => r.Source)],
        };
        var table = new NatTargetTable
        {
            Address = [.. targets.Select(t => t.Address)],
            Port = [.. targets.Select(t => t.Port)],
            Device = [.. targets.Select(t => t.Device)],
        };
        return (dnat, table);
    }

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
        var endpointDevices = new List<int>();
        var endpointAddresses = new List<uint>();
        var first = new List<int>();
        var count = new List<int>();
        foreach (var tunnel in Model.Tunnels)
        {
            first.Add(endpointDevices.Count);
            foreach (var endpoint in tunnel.Endpoints)
            {
                var device = Topology.DeviceOf(endpoint);
                var address = endpoint.Address
                    ?? (endpoint.Symbol as InterfaceSymbol)?.Addresses.Select(a => (IpAddress?)a.Address).FirstOrDefault()
                    ?? device?.Interfaces.Where(i => i.Segment is not null).SelectMany(i => i.Addresses).Select(a => (IpAddress?)a.Address).FirstOrDefault();
                if (device is null || address is null) continue;
                endpointDevices.Add(_devices[device]);
                endpointAddresses.Add(V4(address.Value));
            }
            count.Add(endpointDevices.Count - first[^1]);
        }
        var tunnels = new TunnelTable
        {
            Name = [.. Model.Tunnels.Select(t => Str(t.QualifiedName))],
            Kind = [.. Model.Tunnels.Select(t => (R.TunnelKind)t.Kind)],
            Mode = [.. Model.Tunnels.Select(t => (R.TunnelMode)t.Mode)],
            StretchedSegment = [.. Model.Tunnels.Select(t => t.Stretches is { } s ? _segments[s] : -1)],
            FirstEndpoint = [.. first],
            EndpointCount = [.. count],
            Source = [.. Model.Tunnels.Select(t => Src(t.Location))],
        };
        return (tunnels, new TunnelEndpointTable { Device = [.. endpointDevices], Address = [.. endpointAddresses] });
    }

    private DnsTable LowerDns()
    {
        var records = Model.Devices.SelectMany(d => d.Records).ToList();
        return new DnsTable
        {
            Name = [.. records.Select(r => Str(r.HostName.ToLowerInvariant()))],
            Address = [.. records.Select(r => Resolve(r.Target).Address ?? 0)],
            Server = [.. records.Select(r => _devices[r.Server])],
            Source = [.. records.Select(r => Src(r.Location))],
        };
    }

    private (FlowTable, FlowStepTable) LowerFlows()
    {
        var flows = Model.Flows.Where(f => f.Source is not null && f.Destination is not null).ToList();
        var steps = new List<(R.WaypointKind Kind, int Device, R.TunnelKind Encapsulation, uint Address, int Argument, int Text, int Source)>();
        var first = new List<int>();
        var count = new List<int>();
        foreach (var flow in flows)
        {
            first.Add(steps.Count);
            foreach (var step in flow.Steps)
            {
                var (address, argument) = step.Argument is { } a ? Resolve(a) : (null, null);
                var kind = step.Kind switch
                {
                    L.WaypointKind.Device => R.WaypointKind.Device,
                    L.WaypointKind.Dns => R.WaypointKind.Dns,
                    L.WaypointKind.SourceNat => R.WaypointKind.SourceNat,
                    L.WaypointKind.DestinationNat => R.WaypointKind.DestinationNat,
                    _ => R.WaypointKind.Encapsulation,
                };
                steps.Add((kind, DeviceRow(step.Device), EncapsulationKind(step.Encapsulation), address ?? 0,
                    step.Argument?.Address is null ? DeviceRow(argument) : -1, Str(step.Text), Src(step.Location)));
            }
            foreach (var (encapsulation, location) in flow.Never)
            {
                steps.Add((R.WaypointKind.NeverEncapsulation, -1, EncapsulationKind(encapsulation), 0u, -1, 0, Src(location)));
            }
            count.Add(steps.Count - first[^1]);
        }
        var table = new FlowTable
        {
            Name = [.. flows.Select(f => Str(f.QualifiedName))],
            Title = [.. flows.Select(f => Str(f.Title))],
            SourceDevice = [.. flows.Select(f => _devices[f.Source!])],
            DestinationKind = [.. flows.Select(f => f.Destination!.HostName is not null ? FlowDestinationKind.HostName
                : f.Destination.Address is not null ? FlowDestinationKind.Address : FlowDestinationKind.Device)],
            DestinationName = [.. flows.Select(f => Str(f.Destination!.HostName?.ToLowerInvariant()))],
            DestinationAddress = [.. flows.Select(f => DestinationAddress(f.Destination!))],
            DestinationDevice = [.. flows.Select(f => f.Destination!.Symbol switch
            {
                DeviceSymbol d => _devices[d],
                InterfaceSymbol i => _devices[i.Device],
                _ => -1,
            })],
            Port = [.. flows.Select(f => f.Destination!.Port ?? -1)],
            Protocol = [.. flows.Select(f => (R.Protocol)f.Destination!.Protocol)],
            Expected = [.. flows.Select(f => (R.Disposition)f.ExpectedDisposition)],
            FirstStep = [.. first],
            StepCount = [.. count],
            Source = [.. flows.Select(f => Src(f.Location))],
        };
        var stepTable = new FlowStepTable
        {
            Kind = [.. steps.Select(s => s.Kind)],
            Device = [.. steps.Select(s => s.Device)],
            Encapsulation = [.. steps.Select(s => s.Encapsulation)],
            Address = [.. steps.Select(s => s.Address)],
            ArgumentDevice = [.. steps.Select(s => s.Argument)],
            Text = [.. steps.Select(s => s.Text)],
            Source = [.. steps.Select(s => s.Source)],
        };
        return (table, stepTable);
    }

    private uint DestinationAddress(FlowDestination destination) => destination switch
    {
        { Address: { } a } => V4(a),
        { Symbol: { } symbol } => Resolve(new Endpoint(null, symbol, null, destination.Location)).Address ?? 0,
        _ => 0,
    };

    private static R.TunnelKind EncapsulationKind(Encapsulation? encapsulation) => encapsulation switch
    {
        Encapsulation.Vxlan => R.TunnelKind.Vxlan,
        Encapsulation.IpInIp => R.TunnelKind.IpInIp,
        Encapsulation.Ipsec => R.TunnelKind.Ipsec,
        _ => R.TunnelKind.L2,
    };
}
