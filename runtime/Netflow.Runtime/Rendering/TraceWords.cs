using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Rendering;

/// <summary>
/// The words for a trace's typed steps and endings, in one place: the text renderer, the JSON writer and the flow
/// diagnostics say what happened with these sentences.
/// </summary>
public static class TraceWords
{
    private static string Name(NetworkImage image, int device) => device < 0 ? "?" : image.String(image.Devices.Name[device]);

    private static string A(uint address) => PacketHeader.Format(address);

    private static string Route(NetworkImage image, int row) => $"{A(image.Routes.Network[row])}/{image.Routes.Length[row]}";

    /// <summary>A packet as it travels: the inner header, or the outer header carrying it.</summary>
    public static string Packet(PacketHeader? inner, OuterHeader? outer) =>
        outer is { } o ? $"{Words.Of(o.Kind)} {A(o.Source)} → {A(o.Destination)} carrying {inner}" : $"{inner}";

    /// <summary>What a step did, as a sentence whose subject is the device of its hop.</summary>
    public static string Step(NetworkImage image, TraceStep step) => step.Kind switch
    {
        StepKind.Received => $"receives {Packet(step.Before, step.Outer)} from {Name(image, step.Device)}",
        StepKind.DnsResolved => $"resolves {image.String(image.Dns.Name[step.Row])} to {A(step.Address)} by asking {Name(image, step.Device)}",
        StepKind.SourceNat when step.Session => step.Reverse
            ? $"reverses its destination NAT: source {A(step.Before!.Value.Source)} back to {A(step.After!.Value.Source)}"
            : $"translates the source {A(step.Before!.Value.Source)} to {A(step.After!.Value.Source)} by its NAT session",
        StepKind.DestinationNat when step.Session => step.Reverse
            ? $"reverses its source NAT: destination {A(step.Before!.Value.Destination)} back to {A(step.After!.Value.Destination)}"
            : $"translates the destination {A(step.Before!.Value.Destination)} to {A(step.After!.Value.Destination)} by its NAT session",
        StepKind.SourceNat when step.Row < 0 => $"masquerades the source {A(step.Before!.Value.Source)} to its own {A(step.After!.Value.Source)} (kube-proxy)",
        StepKind.SourceNat => $"translates the source {A(step.Before!.Value.Source)} to {A(step.After!.Value.Source)}",
        StepKind.DestinationNat when IsKubeProxy(image, step.Row) =>
            $"translates the destination {A(step.Before!.Value.Destination)}:{step.Before.Value.DestinationPort}, an address of the service "
            + $"{Name(image, image.DestinationNats.Owner[step.Row])}, to {(step.Device >= 0 ? $"its endpoint {Name(image, step.Device)} at " : "")}"
            + $"{A(step.After!.Value.Destination)}:{step.After.Value.DestinationPort} (kube-proxy)",
        StepKind.DestinationNat =>
            $"translates the destination {A(step.Before!.Value.Destination)}:{step.Before.Value.DestinationPort} to {A(step.After!.Value.Destination)}:{step.After.Value.DestinationPort}"
            + (step.Device >= 0 ? $" ({Name(image, step.Device)})" : ""),
        StepKind.Proxied when step.Reverse =>
            $"answers on the connection it accepted: the reply {step.Before} goes back as {step.After}",
        StepKind.Proxied => $"opens a new connection {step.After} to {Name(image, step.Device)} (proxy)",
        StepKind.Encapsulated => $"encapsulates in {Words.Of(step.Outer!.Value.Kind)}: {A(step.OuterSource)} → {A(step.OuterDestination)}" + EnteredBy(image, step.Route),
        StepKind.Decapsulated => $"decapsulates {Words.Of(step.Outer!.Value.Kind)} ({A(step.OuterSource)} → {A(step.OuterDestination)})",
        StepKind.Delivered => $"holds {A(step.Address)} and accepts the packet" + Listener(image, step.Row),
        StepKind.Forwarded => Forwarded(image, step),
        _ => "stops",
    };

    /// <summary>Whether a destination NAT row is kube-proxy's for a service.</summary>
    private static bool IsKubeProxy(NetworkImage image, int row) => row >= 0 && image.DestinationNats.Kind[row] == DestinationNatKind.KubeProxy;

    private static string Listener(NetworkImage image, int row) =>
        row < 0 || row >= image.Listeners.Count ? "" : $" (it serves {Service(image.Listeners.Protocol[row], image.Listeners.Port[row])})";

    /// <summary>"tcp/22", "udp/500", "icmp", "every port".</summary>
    public static string Service(Protocol protocol, int port) => protocol switch
    {
        Protocol.Icmp => "icmp",
        Protocol.Any => port < 0 ? "every protocol and port" : $"port {port}",
        _ => port < 0 ? $"every {protocol.ToString().ToLowerInvariant()} port" : $"{protocol.ToString().ToLowerInvariant()}/{port}",
    };

    private static string Forwarded(NetworkImage image, TraceStep step)
    {
        if (step.How == ForwardKind.HandOff)
        {
            return $"hands the {Words.Of(step.Outer!.Value.Kind)} tunnel addressed to {A(step.OuterDestination)} to {Name(image, step.Device)}";
        }
        var text = step.How == ForwardKind.Placed && step.Outer is null
            ? $"places {Packet(step.Before, null)} on the segment of {Name(image, step.Device)}"
            : $"forwards {Packet(step.Before, step.Outer)} to {Name(image, step.Device)}";
        if (step.Row >= 0) text += RouteOrigin(image, step.Row);
        if (step.Through < 0) return text;
        return step.Overlay is { } overlay
            ? $"{text} over {Words.Of(overlay)} through {Name(image, step.Through)}"
            : image.Devices.Kind[step.Through] == DeviceKind.Worker ? $"{text} through its worker {Name(image, step.Through)}"
            : $"{text} through the host {Name(image, step.Through)}";
    }

    /// <summary>Where the route of a forwarding step came from, when it was learned rather than written.</summary>
    private static string RouteOrigin(NetworkImage image, int row) =>
        image.Routes.Origin[row] == Image.RouteOrigin.Bgp ? $", by its route learned over BGP from {Name(image, image.Routes.LearnedFrom[row])}" : "";

    /// <summary>", by its static route P", ", by its route P learned over BGP from X": the route that sent a packet into a tunnel.</summary>
    private static string EnteredBy(NetworkImage image, int row) => row < 0 ? ""
        : image.Routes.Origin[row] == Image.RouteOrigin.Bgp ? $", by its route {Route(image, row)} learned over BGP from {Name(image, image.Routes.LearnedFrom[row])}"
        : $", by its {Origin(image.Routes.Origin[row])} route {Route(image, row)}";

    /// <summary>"connected", "static", "BGP", ...: where a route came from.</summary>
    public static string Origin(Image.RouteOrigin origin) => origin switch
    {
        Image.RouteOrigin.Connected => "connected",
        Image.RouteOrigin.Local => "local",
        Image.RouteOrigin.Guest => "guest",
        Image.RouteOrigin.Static => "static",
        Image.RouteOrigin.Bgp => "BGP",
        _ => "host default",
    };

    /// <summary>Why a trace ended, as a sentence.</summary>
    public static string Reason(NetworkImage image, Trace trace)
    {
        var end = trace.End;
        var device = Name(image, end.Device);
        var packet = trace.Final;
        return end.Kind switch
        {
            EndKind.Accepted => $"accepted by {device}",
            EndKind.Refused => $"nothing listens on {Service(packet.Protocol, packet.Protocol == Protocol.Icmp ? -1 : packet.DestinationPort)} at {device}",
            EndKind.HeldByDevice => $"{device} holds {A(end.Address)}",
            EndKind.NoRoute => $"{device} has no route to {A(end.Address)}",
            EndKind.NullRouted => $"{device} drops {A(end.Address)}: null route {Route(image, end.Row)}",
            EndKind.NeighborUnreachable when end.Row >= 0 && image.Routes.Action[end.Row] != RouteAction.Connected =>
                $"{device} gets no answer to its ARP request for gateway {A(image.Routes.NextHopAddress[end.Row])} of route {Route(image, end.Row)}: no declared device holds it",
            EndKind.DeliveredToSubnet or EndKind.NeighborUnreachable =>
                $"{device} delivers to {A(end.Address)} on its attached subnet {Route(image, end.Row)}, where no declared device holds it",
            EndKind.ExitsNetwork =>
                $"{device} sends {A(end.Address)} via {Route(image, end.Row)} towards {A(image.Routes.NextHopAddress[end.Row])}, outside the declared network",
            EndKind.Loop => $"the packet is back at {device} unchanged: a forwarding loop",
            EndKind.HopLimit => $"the packet is still travelling after {ForwardingEngine.MaxHops} hops",
            EndKind.EncapsulationLoop => $"{device} would encapsulate in tunnel {image.String(image.Tunnels.Name[end.Row])} again: an encapsulation loop",
            EndKind.NoDnsRecord => $"no DNS record for {end.HostName}" + (end.Device >= 0 ? $" on {device}" : ""),
            EndKind.DnsUnreachable => $"the DNS query for {end.HostName} to {device} {DnsFailure(image, trace)}",
            EndKind.TunnelDown => TunnelDown(image, end.Row),
            EndKind.OutsideSelectors =>
                $"{device} does not encrypt it into the IPsec tunnel {image.String(image.Tunnels.Name[end.Row])}: its {(end.Address == packet.Source ? "source" : "destination")} {A(end.Address)} " +
                "is outside the tunnel's traffic selectors (what each end protects and routes into the tunnel), so no CHILD_SA covers it and it is dropped",
            EndKind.NoVxlanTransport =>
                $"{device} is no VTEP of a VXLAN transport shared with the sender's host, so it cannot carry {image.String(image.Segments.Name[end.Row])} to {A(end.Address)}",
            _ => "stopped",
        };
    }

    private static string TunnelDown(NetworkImage image, int tunnel)
    {
        var name = image.String(image.Tunnels.Name[tunnel]);
        if (ForwardingEngine.DisjointSelectors(image, tunnel) is not null)
        {
            return $"the IPsec tunnel {name} is down: what one end protects and what the other routes into the tunnel do not meet, so IKE sets up no CHILD_SA";
        }
        var first = image.Tunnels.FirstEndpoint[tunnel];
        for (var e = first; e < first + image.Tunnels.EndpointCount[tunnel]; e++)
        {
            if (image.TunnelEndpoints.Device[e] < 0)
            {
                return $"the IPsec tunnel {name} is down: no gateway of it answers IKE at its end {A(image.TunnelEndpoints.Address[e])}";
            }
        }
        return image.Tunnels.Kind[tunnel] == TunnelKind.L2
            ? $"the L2 tunnel {name} is down: its concentrators do not reach each other both ways"
            : $"the IPsec tunnel {name} is down: its gateways do not reach each other on udp/500 and udp/4500";
    }

    private static string DnsFailure(NetworkImage image, Trace trace) =>
        trace.DnsQuery is { } query && query.Disposition != Disposition.Accepted
            ? $"ended {Words.Of(query.Disposition)} ({Reason(image, query)})"
            : trace.DnsAnswer is { } answer ? $"was answered, but the answer ended {Words.Of(answer.Disposition)} ({Reason(image, answer)})" : "got no answer";
}
