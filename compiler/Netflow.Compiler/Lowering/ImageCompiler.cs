using Netflow.Language;
using Netflow.Language.Addressing;
using Netflow.Language.Binding;
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
    private readonly Compilation _compilation;
    private readonly ImageBuilder _image = new();
    private readonly LoweringRules _rules;
    private readonly Dictionary<DeviceSymbol, int> _devices = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SegmentSymbol, int> _segments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<InterfaceSymbol, int> _interfaces = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TunnelSymbol, int> _tunnels = new(ReferenceEqualityComparer.Instance);

    private ImageCompiler(Compilation compilation)
    {
        _compilation = compilation;
        _rules = new LoweringRules(compilation.Topology);
    }

    /// <summary>Lowers the compilation into a table image; <paramref name="cancellation"/> is observed between tables.</summary>
    public static NetworkImage Compile(Compilation compilation, CancellationToken cancellation = default) => new ImageCompiler(compilation).Lower(cancellation);

    private NetworkModel Model => _compilation.Model;

    private int Str(string? value) => _image.String(value);

    private int Src(SourceLocation? location) =>
        location is null ? 0 : _image.Source(location.Path, location.Start.Line + 1, location.Start.Character + 1);

    private static uint V4(IpAddress address) => address.ToV4();

    /// <summary>A prefix's network and length; 0 and 0 for none.</summary>
    private static uint Network(IpPrefix? prefix) => prefix is { } p ? V4(p.Network) : 0;

    private static byte Length(IpPrefix? prefix) => (byte)(prefix?.Length ?? 0);

    private int DeviceRow(DeviceSymbol? device) => device is null ? -1 : _devices.GetValueOrDefault(device, -1);

    private NetworkImage Lower(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        for (var i = 0; i < Model.Devices.Count; i++) _devices[Model.Devices[i]] = i;
        for (var i = 0; i < Model.Segments.Count; i++) _segments[Model.Segments[i]] = i;
        for (var i = 0; i < Model.Tunnels.Count; i++) _tunnels[Model.Tunnels[i]] = i;

        LowerSegments();
        LowerInterfaces();
        cancellation.ThrowIfCancellationRequested();
        LowerDevicesAndRoutes();
        cancellation.ThrowIfCancellationRequested();
        LowerSourceNat();
        LowerDestinationNat();
        LowerTunnels();
        LowerDns();
        LowerFlows();
        LowerListeners();
        cancellation.ThrowIfCancellationRequested();
        return _image.Build();
    }

    private void LowerSegments() => _image.AddRange(Model.Segments.Select(s =>
        new SegmentTable { Name = [Str(s.QualifiedName)], Kind = [s.Kind.ToRuntime()], Id = [s.Id ?? 0], Source = [Src(s.Location)] }));

    private void LowerInterfaces()
    {
        var addresses = from device in Model.Devices from iface in device.Interfaces from address in iface.Addresses select (device, iface, address);
        foreach (var (device, iface, (address, location)) in addresses)
        {
            _interfaces.TryAdd(iface, _image.Count<InterfaceTable>());
            _image.Add(new InterfaceTable
            {
                Device = [_devices[device]], Name = [Str(iface.Name)], Address = [V4(address)],
                Segment = [iface.Segment is { } s ? _segments[s] : -1], Shared = [iface.Shared], Source = [Src(location)],
            });
        }
    }

    /// <summary>The devices, each with its range of the routes, and the routes (the FIB) of each device in turn.</summary>
    private void LowerDevicesAndRoutes()
    {
        for (var d = 0; d < Model.Devices.Count; d++)
        {
            var device = Model.Devices[d];
            var (first, count) = _image.AddRange((_compilation.Routes.GetValueOrDefault(device)?.Entries ?? []).Select(entry => new RouteTable
            {
                Device = [d], Network = [V4(entry.Prefix.Network)], Length = [(byte)entry.Prefix.Length], Action = [LoweringRules.Action(entry)],
                NextHopDevice = [DeviceRow(entry.NextHop)], NextHopAddress = [entry.NextHopAddress is { } a ? V4(a) : 0],
                OutInterface = [entry.OutInterface is { } o ? _interfaces.GetValueOrDefault(o, -1) : -1],
                Tunnel = [entry.Tunnel is { } t ? _tunnels[t] : -1], Source = [Src(entry.Location)],
                Origin = [entry.Source.ToRuntime()], LearnedFrom = [DeviceRow(entry.LearnedFrom)],
            }));
            _image.Add(new DeviceTable
            {
                Name = [Str(device.QualifiedName)], Description = [Str(device.Description)], Kind = [device.Kind.ToRuntime()],
                Host = [DeviceRow(device.Host)], Site = [Str(device.Site?.QualifiedName)], Resolver = [DeviceRow(device.Resolver)],
                FirstRoute = [first], RouteCount = [count], Source = [Src(device.Location)],
            });
        }
    }

    /// <summary>What each device listens on (<see cref="LoweringRules.Listeners"/>).</summary>
    private void LowerListeners() => _image.AddRange(_rules.Listeners().Select(l =>
        new ListenerTable { Device = [_devices[l.Device]], Protocol = [l.Protocol], Port = [l.Port], Source = [Src(l.At)] }));

    private void LowerSourceNat()
    {
        foreach (var (device, nat) in from device in Model.Devices from nat in device.SourceNats select (device, nat))
        {
            var (target, address) = LoweringRules.Target(nat);
            var (match, toward, except) = (nat.Match.Prefix, nat.Toward?.Prefix, nat.Except?.Prefix);
            _image.Add(new SourceNatTable
            {
                Device = [_devices[device]], MatchNetwork = [Network(match)], MatchLength = [Length(match)], TowardNetwork = [Network(toward)],
                TowardLength = [Length(toward)], Target = [target], TargetAddress = [address], Source = [Src(nat.Location)],
                ExceptNetwork = [Network(except)], ExceptLength = [Length(except)],
            });
        }
    }

    private void LowerDestinationNat()
    {
        foreach (var (device, nat) in from device in Model.Devices from nat in device.DestinationNats select (device, nat))
        {
            if (nat.Match is not { } match) continue;
            var (first, count) = _image.AddRange(
                from target in nat.Targets
                let resolved = _rules.Resolve(target)
                where resolved.Address is not null
                select new NatTargetTable { Address = [resolved.Address!.Value], Port = [target.Port ?? -1], Device = [DeviceRow(resolved.Device)] });
            var protocol = nat.Protocol?.ToRuntime() ?? R.Protocol.Any;
            var masquerade = _rules.Masquerades(device, match);
            foreach (var installer in _rules.Installers(device))
            {
                _image.Add(new DestinationNatTable
                {
                    Device = [_devices[installer]], Address = [V4(match)], Port = [nat.Port ?? -1], Protocol = [protocol],
                    FirstTarget = [first], TargetCount = [count], Source = [Src(nat.Location)],
                    Masquerade = [masquerade],
                });
            }
        }
    }

    private void LowerTunnels()
    {
        foreach (var tunnel in Model.Tunnels)
        {
            var (first, count) = _image.AddRange(
                from end in tunnel.Endpoints.Select(_rules.TunnelEnd).OfType<(DeviceSymbol Device, IpAddress Address)>()
                select new TunnelEndpointTable { Device = [_devices[end.Device]], Address = [V4(end.Address)] });
            _image.Add(new TunnelTable
            {
                Name = [Str(tunnel.QualifiedName)], Kind = [tunnel.Kind.ToRuntime()], Mode = [tunnel.Mode.ToRuntime()],
                StretchedSegment = [tunnel.Stretches is { } s ? _segments[s] : -1], FirstEndpoint = [first],
                EndpointCount = [count], Source = [Src(tunnel.Location)],
            });
        }
    }

    private void LowerDns() => _image.AddRange(Model.Devices.SelectMany(d => d.Records).Select(r => new DnsTable
    {
        Name = [Str(r.HostName.ToLowerInvariant())], Address = [_rules.Resolve(r.Target).Address ?? 0], Server = [_devices[r.Server]],
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
                            Kind = [step.Kind.ToRuntime()], Device = [DeviceRow(step.Device)], Encapsulation = [EncapsulationKind(step.Encapsulation)],
                            Address = [resolved.Address ?? 0], ArgumentDevice = [step.Argument?.Address is null ? DeviceRow(resolved.Device) : -1],
                            Text = [Str(step.Text)], Source = [Src(step.Location)],
                        };
            var never = flow.Never.Select(n => new FlowStepTable
            {
                Kind = [R.WaypointKind.NeverEncapsulation], Device = [-1], Encapsulation = [EncapsulationKind(n.Encapsulation)], Address = [0u],
                ArgumentDevice = [-1], Text = [0], Source = [Src(n.Location)],
            });
            var (first, count) = _image.AddRange(steps.Concat(never));
            var destination = flow.Destination!;
            _image.Add(new FlowTable
            {
                Name = [Str(flow.QualifiedName)], Title = [Str(flow.Title)], SourceDevice = [_devices[flow.Source!]],
                DestinationKind = [destination.HostName is not null ? FlowDestinationKind.HostName
                    : destination.Address is not null ? FlowDestinationKind.Address : FlowDestinationKind.Device],
                DestinationName = [Str(destination.HostName?.ToLowerInvariant())], DestinationAddress = [_rules.Address(destination)],
                DestinationDevice = [destination.Symbol switch
                {
                    DeviceSymbol d => _devices[d],
                    InterfaceSymbol i => _devices[i.Device],
                    _ => -1,
                }],
                Port = [destination.Port ?? -1], Protocol = [destination.Protocol.ToRuntime()], Expected = [flow.ExpectedDisposition.ToRuntime()],
                AcceptedBy = [flow.AcceptedBy is { } acceptor ? _devices[acceptor] : -1],
                FirstStep = [first], StepCount = [count], Source = [Src(flow.Location)],
            });
        }
    }

    /// <summary>The encapsulation a step names; a step that names none stores L2, which nothing reads.</summary>
    private static R.TunnelKind EncapsulationKind(Encapsulation? encapsulation) => encapsulation?.ToRuntime() ?? R.TunnelKind.L2;
}
