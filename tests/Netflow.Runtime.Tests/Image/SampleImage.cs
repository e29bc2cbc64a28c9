using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary>A small hand-built image with every table non-empty: two routers, a host, a VXLAN tunnel, NAT, DNS, a flow.</summary>
internal static class SampleImage
{
    public static NetworkImage Create() => new()
    {
        Strings =
        [
            "", "r1", "r2", "h1", "edge router", "eth0", "site-a", "lan", "vx100", "app.example.com", "web",
            "web reaches the app: café ☕ 日本 🙂", "network.netflow", "passes r2",
        ],
        Sources = new SourceMap { File = [0, 12, 12, 12], Line = [0, 3, 7, 12], Column = [0, 1, 5, 3] },
        Devices = new DeviceTable
        {
            Name = [1, 2, 3],
            Description = [4, 0, 11],
            Kind = [DeviceKind.Router, DeviceKind.EdgeGateway, DeviceKind.Host],
            Host = [-1, -1, 1],
            Site = [6, 6, 0],
            Resolver = [-1, 2, 2],
            FirstRoute = [0, 2, 4],
            RouteCount = [2, 2, 1],
            Source = [1, 2, 3],
        },
        Interfaces = new InterfaceTable
        {
            Device = [0, 1, 2],
            Name = [5, 5, 5],
            Address = [0x0A00_0001, 0x0A00_0002, 0xFFFF_FFFF],
            Segment = [0, 0, -1],
            Shared = [false, true, false],
            Source = [1, 2, 3],
            PrefixLength = [24, 24, 32],
        },
        Segments = new SegmentTable
        {
            Name = [7, 8],
            Kind = [SegmentKind.Subnet, SegmentKind.Vxlan],
            Id = [0, 100],
            Source = [1, 2],
        },
        Routes = new RouteTable
        {
            Device = [0, 0, 1, 1, 2],
            Network = [0x0A00_0000, 0, 0xC0A8_0000, 0x0A00_0000, 0],
            Length = [8, 0, 16, 8, 0],
            Action = [RouteAction.Connected, RouteAction.Forward, RouteAction.Drop, RouteAction.Forward, RouteAction.Forward],
            NextHopDevice = [-1, 1, -1, 0, 0],
            NextHopAddress = [0, 0x0A00_0002, 0, 0x0A00_0001, 0x0A00_0001],
            OutInterface = [0, 0, -1, 1, 2],
            Tunnel = [-1, 0, -1, -1, -1],
            Source = [1, 0, 2, 2, 3],
            Origin = [RouteOrigin.Connected, RouteOrigin.Static, RouteOrigin.Static, RouteOrigin.Bgp, RouteOrigin.HostDefault],
            LearnedFrom = [-1, -1, -1, 0, -1],
        },
        SourceNats = new SourceNatTable
        {
            Device = [1],
            MatchNetwork = [0x0A00_0000],
            MatchLength = [8],
            TowardNetwork = [0],
            TowardLength = [0],
            Target = [SourceNatTarget.Egress],
            TargetAddress = [0],
            Source = [2],
            ExceptNetwork = [0x0A01_0000],
            ExceptLength = [16],
        },
        DestinationNats = new DestinationNatTable
        {
            Device = [1],
            Address = [0xCB00_7101],
            Port = [443],
            Protocol = [Protocol.Tcp],
            FirstTarget = [0],
            TargetCount = [2],
            Source = [2],
            Kind = [DestinationNatKind.KubeProxy],
            PodNetwork = [0xAC1E_0000],
            PodLength = [16],
            Owner = [1],
        },
        NatTargets = new NatTargetTable { Address = [0x0A00_0003, 0x0A00_0004], Port = [8443, -1], Device = [2, -1] },
        Tunnels = new TunnelTable
        {
            Name = [8],
            Kind = [TunnelKind.Vxlan],
            Mode = [TunnelMode.CrossSubnet],
            StretchedSegment = [1],
            FirstEndpoint = [0],
            EndpointCount = [2],
            Source = [1],
        },
        TunnelEndpoints = new TunnelEndpointTable { Device = [0, 1], Address = [0x0A00_0001, 0x0A00_0002], TunnelAddress = [0xAC1E_0100, 0] },
        Dns = new DnsTable { Name = [9], Address = [0x0A00_0003], Server = [2], Source = [3] },
        Flows = new FlowTable
        {
            Name = [10],
            Title = [11],
            SourceDevice = [2],
            DestinationKind = [FlowDestinationKind.HostName],
            DestinationName = [9],
            DestinationAddress = [0],
            DestinationDevice = [-1],
            Port = [443],
            Protocol = [Protocol.Any],
            Expected = [Disposition.DeliveredToSubnet],
            AcceptedBy = [1],
            FirstStep = [0],
            StepCount = [2],
            Source = [3],
        },
        FlowSteps = new FlowStepTable
        {
            Kind = [WaypointKind.Device, WaypointKind.Encapsulation],
            Device = [1, -1],
            Encapsulation = [TunnelKind.Vxlan, TunnelKind.IpInIp],
            Address = [0, 0x0A00_0002],
            ArgumentDevice = [-1, 1],
            Text = [13, 0],
            Source = [3, 0],
        },
        Listeners = new ListenerTable { Device = [2, 2], Protocol = [Protocol.Tcp, Protocol.Any], Port = [443, -1], Source = [3, 0] },
    };
}
