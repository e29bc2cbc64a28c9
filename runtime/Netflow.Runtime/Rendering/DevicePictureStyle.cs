using Netflow.Runtime.Image;

namespace Netflow.Runtime.Rendering;

/// <summary>How each kind of device looks in a picture: a Graphviz shape, a fill colour and the word under its name.</summary>
internal static class DevicePictureStyle
{
    public static (string Shape, string Fill, string Word) Of(DeviceKind kind) => kind switch
    {
        DeviceKind.Router => ("ellipse", "#dbe9f6", "router"),
        DeviceKind.EdgeGateway => ("hexagon", "#f9e0c7", "edge gateway"),
        DeviceKind.LogicalRouter => ("octagon", "#f9e0c7", "logical router"),
        DeviceKind.Host => ("box3d", "#e4e4e4", "host"),
        DeviceKind.Vm => ("box", "#eef6e4", "VM"),
        DeviceKind.Worker => ("component", "#e7e1f5", "worker"),
        DeviceKind.Pod => ("box", "#f3eefc", "pod"),
        DeviceKind.Service => ("cds", "#fff4cc", "service"),
        DeviceKind.LoadBalancer => ("invtrapezium", "#fff4cc", "load balancer"),
        DeviceKind.VpnGateway => ("house", "#fde2e2", "VPN gateway"),
        DeviceKind.L2Concentrator => ("parallelogram", "#fde2e2", "L2 concentrator"),
        DeviceKind.DnsServer => ("cylinder", "#e0f2f1", "DNS server"),
        _ => ("oval", "#ffffff", "client"),
    };

    public static string Of(SegmentKind kind, int id) => kind switch
    {
        SegmentKind.Vlan => id > 0 ? $"VLAN {id}" : "VLAN",
        SegmentKind.Vxlan => id > 0 ? $"VXLAN {id}" : "VXLAN",
        SegmentKind.Subnet => "subnet",
        SegmentKind.Stretched => "stretched network",
        _ => "link",
    };
}
