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

    private void LowerSegments()
    {
        foreach (var s in Model.Segments)
        {
            _image.Add(new SegmentTable { Name = [Str(s.QualifiedName)], Kind = [s.Kind.ToRuntime()], Id = [s.Id ?? 0], Source = [Src(s.Location)] });
        }
    }

    private void LowerInterfaces()
    {
        foreach (var device in Model.Devices)
        {
            foreach (var iface in device.Interfaces)
            {
                foreach (var (address, location) in iface.Addresses)
                {
                    _interfaces.TryAdd(iface, _image.Count<InterfaceTable>());
                    _image.Add(new InterfaceTable
                    {
                        Device = [_devices[device]], Name = [Str(iface.Name)], Address = [V4(address)],
                        Segment = [iface.Segment is { } s ? _segments[s] : -1], Shared = [iface.Shared], Source = [Src(location)],
                    });
                }
            }
        }
    }

    /// <summary>The devices, each with its range of the routes, and the routes (the FIB) of each device in turn.</summary>
    private void LowerDevicesAndRoutes()
    {
        for (var d = 0; d < Model.Devices.Count; d++)
        {
            var device = Model.Devices[d];
            var first = _image.Count<RouteTable>();
            foreach (var entry in _compilation.Routes.GetValueOrDefault(device)?.Entries ?? [])
            {
                _image.Add(new RouteTable
                {
                    Device = [d], Network = [V4(entry.Prefix.Network)], Length = [(byte)entry.Prefix.Length], Action = [LoweringRules.Action(entry)],
                    NextHopDevice = [DeviceRow(entry.NextHop)], NextHopAddress = [entry.NextHopAddress is { } a ? V4(a) : 0],
                    OutInterface = [entry.OutInterface is { } o ? _interfaces.GetValueOrDefault(o, -1) : -1],
                    Tunnel = [entry.Tunnel is { } t ? _tunnels[t] : -1], Source = [Src(entry.Location)],
                    Origin = [entry.Source.ToRuntime()], LearnedFrom = [DeviceRow(entry.LearnedFrom)],
                });
            }
            _image.Add(new DeviceTable
            {
                Name = [Str(device.QualifiedName)], Description = [Str(device.Description)], Kind = [device.Kind.ToRuntime()],
                Host = [DeviceRow(device.Host)], Site = [Str(device.Site?.QualifiedName)], Resolver = [DeviceRow(device.Resolver)],
                FirstRoute = [first], RouteCount = [_image.Count<RouteTable>() - first], Source = [Src(device.Location)],
            });
        }
    }

    /// <summary>What each device listens on (<see cref="LoweringRules.Listeners"/>).</summary>
    private void LowerListeners()
    {
        foreach (var (device, protocol, port, at) in _rules.Listeners())
        {
            _image.Add(new ListenerTable { Device = [_devices[device]], Protocol = [protocol], Port = [port], Source = [Src(at)] });
        }
    }

    private void LowerSourceNat()
    {
        foreach (var device in Model.Devices)
        {
            foreach (var nat in device.SourceNats)
            {
                var (target, address) = LoweringRules.Target(nat);
                var (match, toward, except) = (nat.Match.Prefix, nat.Toward?.Prefix, nat.Except?.Prefix);
                _image.Add(new SourceNatTable
                {
                    Device = [_devices[device]], MatchNetwork = [match is { } m ? V4(m.Network) : 0], MatchLength = [(byte)(match?.Length ?? 0)],
                    TowardNetwork = [toward is { } t ? V4(t.Network) : 0], TowardLength = [(byte)(toward?.Length ?? 0)], Target = [target],
                    TargetAddress = [address], Source = [Src(nat.Location)],
                    ExceptNetwork = [except is { } x ? V4(x.Network) : 0], ExceptLength = [(byte)(except?.Length ?? 0)],
                });
            }
        }
    }

    private void LowerDestinationNat()
    {
        foreach (var device in Model.Devices)
        {
            var installers = _rules.Installers(device);
            foreach (var nat in device.DestinationNats)
            {
                if (nat.Match is not { } match) continue;
                var first = _image.Count<NatTargetTable>();
                foreach (var target in nat.Targets)
                {
                    var (address, owner) = _rules.Resolve(target);
                    if (address is { } a) _image.Add(new NatTargetTable { Address = [a], Port = [target.Port ?? -1], Device = [DeviceRow(owner)] });
                }
                var protocol = nat.Protocol?.ToRuntime() ?? R.Protocol.Any;
                var masquerade = _rules.Masquerades(device, match);
                foreach (var installer in installers)
                {
                    _image.Add(new DestinationNatTable
                    {
                        Device = [_devices[installer]], Address = [V4(match)], Port = [nat.Port ?? -1], Protocol = [protocol],
                        FirstTarget = [first], TargetCount = [_image.Count<NatTargetTable>() - first], Source = [Src(nat.Location)],
                        Masquerade = [masquerade],
                    });
                }
            }
        }
    }

    private void LowerTunnels()
    {
        foreach (var tunnel in Model.Tunnels)
        {
            var first = _image.Count<TunnelEndpointTable>();
            foreach (var endpoint in tunnel.Endpoints)
            {
                if (_rules.TunnelEnd(endpoint) is not { } end) continue;
                _image.Add(new TunnelEndpointTable { Device = [_devices[end.Device]], Address = [V4(end.Address)] });
            }
            _image.Add(new TunnelTable
            {
                Name = [Str(tunnel.QualifiedName)], Kind = [tunnel.Kind.ToRuntime()], Mode = [tunnel.Mode.ToRuntime()],
                StretchedSegment = [tunnel.Stretches is { } s ? _segments[s] : -1], FirstEndpoint = [first],
                EndpointCount = [_image.Count<TunnelEndpointTable>() - first], Source = [Src(tunnel.Location)],
            });
        }
    }

    private void LowerDns()
    {
        foreach (var r in Model.Devices.SelectMany(d => d.Records))
        {
            _image.Add(new DnsTable
            {
                Name = [Str(r.HostName.ToLowerInvariant())], Address = [_rules.Resolve(r.Target).Address ?? 0], Server = [_devices[r.Server]],
                Source = [Src(r.Location)],
            });
        }
    }

    private void LowerFlows()
    {
        foreach (var flow in Model.Flows.Where(f => f.Source is not null && f.Destination is not null))
        {
            var first = _image.Count<FlowStepTable>();
            foreach (var step in flow.Steps)
            {
                var (address, argument) = step.Argument is { } a ? _rules.Resolve(a) : (null, null);
                _image.Add(new FlowStepTable
                {
                    Kind = [step.Kind.ToRuntime()], Device = [DeviceRow(step.Device)], Encapsulation = [EncapsulationKind(step.Encapsulation)], Address = [address ?? 0],
                    ArgumentDevice = [step.Argument?.Address is null ? DeviceRow(argument) : -1], Text = [Str(step.Text)], Source = [Src(step.Location)],
                });
            }
            foreach (var (encapsulation, location) in flow.Never)
            {
                _image.Add(new FlowStepTable
                {
                    Kind = [R.WaypointKind.NeverEncapsulation], Device = [-1], Encapsulation = [EncapsulationKind(encapsulation)], Address = [0u],
                    ArgumentDevice = [-1], Text = [0], Source = [Src(location)],
                });
            }
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
                FirstStep = [first], StepCount = [_image.Count<FlowStepTable>() - first], Source = [Src(flow.Location)],
            });
        }
    }

    /// <summary>The encapsulation a step names; a step that names none stores L2, which nothing reads.</summary>
    private static R.TunnelKind EncapsulationKind(Encapsulation? encapsulation) => encapsulation?.ToRuntime() ?? R.TunnelKind.L2;
}
