using Netflow.Language;
using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Language.Text;
using Netflow.Runtime.Image;
using R = Netflow.Runtime.Image;

namespace Netflow.Compiler.Lowering;

/// <summary>
/// Lowers a checked compilation into a <see cref="NetworkImage"/>: every symbol becomes a table row, the routing tables
/// become FIB rows, the services' destination NAT is installed on every worker of their cluster (that is what kube-proxy
/// does), and every row keeps the source location of the declaration that produced it.
/// </summary>
public sealed class ImageCompiler
{
    private readonly Topology _topology;
    private readonly IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> _routes;
    private readonly ImageBuilder _image = new();
    private readonly LoweringRules _rules;
    private readonly Dictionary<Symbol, int> _rows = new(ReferenceEqualityComparer.Instance);

    private ImageCompiler(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes)
    {
        (_topology, _routes) = (topology, routes);
        _rules = new LoweringRules(topology);
    }

    /// <summary>Lowers the compilation into a table image; <paramref name="cancellation"/> is observed between tables.</summary>
    public static NetworkImage Compile(Compilation compilation, CancellationToken cancellation = default) =>
        Compile(compilation.Topology, compilation.Routes, cancellation);

    /// <summary>Lowers a network with the given routing tables (BGP's rounds compile the tables of each round).</summary>
    public static NetworkImage Compile(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, CancellationToken cancellation = default) =>
        new ImageCompiler(topology, routes).Lower(cancellation);

    private NetworkModel Model => _topology.Model;

    private int Str(string? value) => _image.String(value);

    private int Src(SourceLocation? location) =>
        location is null ? 0 : _image.Source(location.Path, location.Start.Line + 1, location.Start.Character + 1);

    /// <summary>A prefix's network and length; 0 and 0 for none.</summary>
    private static uint Network(IpPrefix? prefix) => prefix?.Network.ToV4() ?? 0;

    private static byte Length(IpPrefix? prefix) => (byte)(prefix?.Length ?? 0);

    /// <summary>The row of a device, segment, tunnel or interface; -1 for none (an interface without an address has no row).</summary>
    private int Row(Symbol? symbol) => symbol is null ? -1 : _rows.GetValueOrDefault(symbol, -1);

    private NetworkImage Lower(CancellationToken cancellation)
    {
        // Devices, segments and tunnels are rows in model order, known before any row refers to them; interfaces get
        // theirs as they are added.
        IEnumerable<Symbol>[] numbered = [Model.Devices, Model.Segments, Model.Tunnels];
        foreach (var (symbol, row) in numbered.SelectMany(symbols => symbols.Select((s, row) => (s, row)))) _rows[symbol] = row;
        Action[] tables =
            [LowerSegments, LowerInterfaces, LowerDevicesAndRoutes, LowerSourceNat, LowerDestinationNat, LowerTunnels, LowerDns, LowerFlows, LowerListeners];
        foreach (var lower in tables)
        {
            cancellation.ThrowIfCancellationRequested();
            lower();
        }

        cancellation.ThrowIfCancellationRequested();
        return _image.Build();
    }

    private void LowerSegments() => _image.AddRange(_rules.SegmentRows().Select(s =>
        new SegmentTable { Name = [Str(s.Name)], Kind = [s.Segment.Kind.ToRuntime()], Id = [s.Segment.Id ?? 0], Source = [Src(s.Segment.Location)] }));

    private void LowerInterfaces()
    {
        var addresses = from device in Model.Devices from iface in device.Interfaces from address in iface.Addresses select (device, iface, address);
        foreach (var (device, iface, (address, location)) in addresses)
        {
            _rows.TryAdd(iface, _image.Count<InterfaceTable>());
            _image.Add(new InterfaceTable
            {
                Device = [Row(device)], Name = [Str(iface.Name)], Address = [address.ToV4()],
                Segment = [_rules.PartRow(iface) ?? Row(iface.Segment)], Shared = [iface.Shared], Source = [Src(location)],
                PrefixLength = [(byte)(iface.Segment?.SubnetOf(address)?.Prefix?.Length ?? address.BitLength)],
            });
        }
    }

    /// <summary>The devices, each with its range of the routes, and the routes (the FIB) of each device in turn.</summary>
    private void LowerDevicesAndRoutes()
    {
        foreach (var device in Model.Devices)
        {
            var (first, count) = _image.AddRange((_routes.GetValueOrDefault(device)?.Entries ?? []).Select(entry => new RouteTable
            {
                Device = [Row(device)], Network = [entry.Prefix.Network.ToV4()], Length = [(byte)entry.Prefix.Length], Action = [LoweringRules.Action(entry)],
                NextHopDevice = [_rules.ReachesNextHop(entry) ? Row(entry.NextHop) : -1], NextHopAddress = [entry.NextHopAddress?.ToV4() ?? 0], OutInterface = [Row(entry.OutInterface)],
                Tunnel = [Row(entry.Tunnel)], Source = [Src(entry.Location)], Origin = [entry.Source.ToRuntime()], LearnedFrom = [Row(entry.LearnedFrom)],
            }));
            _image.Add(new DeviceTable
            {
                Name = [Str(device.QualifiedName)], Description = [Str(device.Description)], Kind = [device.Kind.ToRuntime()],
                Host = [Row(device.Host)], Site = [Str(device.Site?.QualifiedName)], Resolver = [Row(device.Resolver)],
                FirstRoute = [first], RouteCount = [count], Source = [Src(device.Location)],
            });
        }
    }

    /// <summary>What each device listens on (<see cref="LoweringRules.Listeners"/>).</summary>
    private void LowerListeners() => _image.AddRange(_rules.Listeners().Select(l =>
        new ListenerTable { Device = [Row(l.Device)], Protocol = [l.Protocol], Port = [l.Port], Source = [Src(l.At)] }));

    private void LowerSourceNat() => _image.AddRange(
        from device in Model.Devices
        from nat in device.SourceNats
        let target = LoweringRules.Target(nat)
        select new SourceNatTable
        {
            Device = [Row(device)], Target = [target.Target], TargetAddress = [target.Address], Source = [Src(nat.Location)],
            MatchNetwork = [Network(nat.Match.Prefix)], MatchLength = [Length(nat.Match.Prefix)],
            TowardNetwork = [Network(nat.Toward?.Prefix)], TowardLength = [Length(nat.Toward?.Prefix)],
            ExceptNetwork = [Network(nat.Except?.Prefix)], ExceptLength = [Length(nat.Except?.Prefix)],
        });

    private void LowerDestinationNat()
    {
        foreach (var rule in _rules.DestinationRules())
        {
            var (first, count) = _image.AddRange(rule.Targets.Select(t =>
                new NatTargetTable { Address = [t.Address], Port = [t.Port], Device = [Row(t.Device)] }));
            _image.Add(new DestinationNatTable
            {
                Device = [Row(rule.Installer)], Address = [rule.Address.ToV4()], Port = [rule.Port], Protocol = [rule.Protocol],
                FirstTarget = [first], TargetCount = [count], Source = [Src(rule.Location)], Kind = [rule.Kind],
                PodNetwork = [Network(rule.Pods)], PodLength = [Length(rule.Pods)], Owner = [Row(rule.Owner)],
            });
        }
    }

    private void LowerTunnels()
    {
        foreach (var tunnel in Model.Tunnels)
        {
            var ends = _rules.TunnelEnds(tunnel);
            var (first, count) = _image.AddRange(ends.Select(end =>
                new TunnelEndpointTable { Device = [Row(end.Device)], Address = [end.Address.ToV4()], TunnelAddress = [end.TunnelAddress] }));
            _image.AddRange(ends.SelectMany((end, i) => tunnel.Protecting(end.Endpoint).Select(selector => new TunnelSelectorTable
            {
                Endpoint = [first + i], Network = [Network(selector.Prefix)], Length = [Length(selector.Prefix)], Source = [Src(selector.Location)],
            })));
            _image.Add(new TunnelTable
            {
                Name = [Str(tunnel.QualifiedName)], Kind = [tunnel.Kind.ToRuntime()], Mode = [tunnel.Mode.ToRuntime()],
                StretchedSegment = [Row(tunnel.Stretches)], FirstEndpoint = [first], EndpointCount = [count], Source = [Src(tunnel.Location)],
            });
        }
    }

    private void LowerDns() => _image.AddRange(Model.Devices.SelectMany(d => d.Records).Select(r => new DnsTable
    {
        Name = [Str(r.HostName.ToLowerInvariant())], Address = [_rules.Resolve(r.Target).Address ?? 0], Server = [Row(r.Server)],
        Source = [Src(r.Location)],
    }));

    private void LowerFlows()
    {
        foreach (var flow in Model.Flows.Where(f => f.Source is not null && f.Destination is not null))
        {
            var steps = from step in flow.Steps
                        let resolved = step.Argument is { } a ? _rules.Resolve(a) : (null, null)
                        select new FlowStepTable
                        {
                            Kind = [step.Kind.ToRuntime()], Device = [Row(step.Device)], Encapsulation = [EncapsulationKind(step.Encapsulation)],
                            Address = [resolved.Address ?? 0], ArgumentDevice = [step.Argument?.Address is null ? Row(resolved.Device) : -1],
                            Text = [Str(step.Text)], Source = [Src(step.Location)],
                        };
            var never = flow.Never.Select(n => new FlowStepTable
            {
                Kind = [R.WaypointKind.NeverEncapsulation], Device = [-1], Encapsulation = [EncapsulationKind(n.Encapsulation)], Address = [0u],
                ArgumentDevice = [-1], Text = [0], Source = [Src(n.Location)],
            });
            var (first, count) = _image.AddRange(steps.Concat(never));
            var destination = flow.Destination!;
            var (kind, address, device) = _rules.Destination(destination);
            _image.Add(new FlowTable
            {
                Name = [Str(flow.QualifiedName)], Title = [Str(flow.Title)], SourceDevice = [Row(flow.Source)], DestinationKind = [kind],
                DestinationName = [Str(destination.HostName?.ToLowerInvariant())], DestinationAddress = [address], DestinationDevice = [Row(device)],
                Port = [destination.Port ?? -1], Protocol = [destination.Protocol.ToRuntime()], Expected = [flow.ExpectedDisposition.ToRuntime()],
                AcceptedBy = [Row(flow.AcceptedBy)], FirstStep = [first], StepCount = [count], Source = [Src(flow.Location)],
            });
        }
    }

    /// <summary>The encapsulation a step names; a step that names none stores L2, which nothing reads.</summary>
    private static R.TunnelKind EncapsulationKind(Encapsulation? encapsulation) => encapsulation?.ToRuntime() ?? R.TunnelKind.L2;
}
