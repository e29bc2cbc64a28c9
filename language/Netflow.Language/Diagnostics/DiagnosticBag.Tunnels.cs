using Netflow.Language.Addressing;
using Netflow.Language.Binding;

namespace Netflow.Language.Diagnostics;

/// <summary>Why one of a tunnel's packets (IKE, NAT-T, an ICMP echo) does not reach the other endpoint's device (NF3002).</summary>
public enum TunnelProbeProblem
{
    /// <summary>A device on the way has no route for it, or sends it out of the network or to a subnet where nobody holds it.</summary>
    Unrouted,

    /// <summary>A null route drops it.</summary>
    NullRouted,

    /// <summary>It arrives at a device that holds its destination, but nothing there listens on its protocol and port.</summary>
    Refused,

    /// <summary>Another device than the other endpoint's accepts it.</summary>
    AcceptedElsewhere,

    /// <summary>It loops, or is still travelling at the hop limit.</summary>
    Looped,

    /// <summary>It needs another tunnel, which is down.</summary>
    TunnelDown,

    /// <summary>Anything else; the trace's reason says what.</summary>
    Other,
}

/// <summary>
/// What stopped a tunnel's packet: the problem, the device where (null when none), the packet (its service, "udp/4500",
/// and addresses), the trace's reason in its own words, and the address a destination NAT translated it to, if any.
/// </summary>
public sealed record TunnelProbeFailure(TunnelProbeProblem Problem, DeviceSymbol? At, string Service, IpAddress Source, IpAddress Destination, string Reason)
{
    public IpAddress? TranslatedTo { get; init; }

    /// <summary>The device whose destination NAT translated it last.</summary>
    public DeviceSymbol? TranslatedBy { get; init; }

    /// <summary>For a refused packet: the device whose destination NAT rules forward its address on other services (a load balancer), and those services.</summary>
    public DeviceSymbol? FrontDoor { get; init; }

    public IReadOnlyList<string> FrontDoorServices { get; init; } = [];
}

// NF3002: tunnels.
public sealed partial class DiagnosticBag
{
    /// <summary>
    /// NF3002 at the tunnel: <paramref name="failure"/> is what the first failing packet from <paramref name="from"/> to
    /// <paramref name="to"/>'s target address ran into; the message and the advice follow from its cause.
    /// </summary>
    public void ReportTunnelEndpointsUnreachable(TunnelSymbol tunnel, DeviceSymbol from, DeviceSymbol to, TunnelProbeFailure failure)
    {
        var at = failure.At?.QualifiedName;
        var packet = $"{failure.Service} from {failure.Source} to {failure.Destination}"
            + (failure.TranslatedTo is { } translated ? $", translated to {translated}," : "");
        var ipsec = failure.Service != "icmp";
        var (what, fix) = failure.Problem switch
        {
            TunnelProbeProblem.Refused when failure.FrontDoor is { } door => (
                $"cannot set up the tunnel: {packet} reaches '{at}', where '{door.QualifiedName}' forwards {failure.TranslatedTo ?? failure.Destination} "
                + $"only on {string.Join(", ", failure.FrontDoorServices)}, and nothing listens on {failure.Service}",
                $"No route is missing: {Needs(ipsec)} must reach the gateway; add a 'dnat' for {failure.Service} to '{door.QualifiedName}'."),
            TunnelProbeProblem.Refused when failure.TranslatedBy is { } nat => (
                $"cannot set up the tunnel: {packet} reaches '{at}', but nothing listens on {failure.Service} there",
                $"No route is missing: the destination NAT of '{nat.QualifiedName}' sends {failure.Service} to '{at}'; translate it to the gateway "
                + $"'{to.QualifiedName}', which must receive {Needs(ipsec)}."),
            TunnelProbeProblem.Refused => (
                $"cannot set up the tunnel: {packet} reaches '{at}', but nothing listens on {failure.Service} there",
                $"No route is missing: {Needs(ipsec)} must be accepted at the tunnel's address. Give the endpoint an address the gateway holds, "
                + $"or forward {failure.Service} to the gateway where '{at}' fronts it (a 'dnat' line or a load-balancer service)."),
            TunnelProbeProblem.AcceptedElsewhere => (
                $"cannot set up the tunnel: {packet} is accepted by '{at}', not by '{to.QualifiedName}'",
                $"Correct the endpoint, or translate its address to '{to.QualifiedName}' for each packet the tunnel needs "
                + (ipsec ? "(udp/500 and udp/4500)." : "(icmp).")),
            TunnelProbeProblem.NullRouted => (
                $"cannot reach each other over the underlay: {packet}: {failure.Reason}",
                $"Route {failure.TranslatedTo ?? failure.Destination} on '{at}' instead of dropping it, or correct the endpoint."),
            TunnelProbeProblem.Looped => (
                $"cannot reach each other over the underlay: {packet}: {failure.Reason}",
                $"Fix the routes toward {failure.TranslatedTo ?? failure.Destination} (see NF3004)."),
            TunnelProbeProblem.TunnelDown => (
                $"cannot reach each other over the underlay: {packet}: {failure.Reason}",
                "Let that tunnel's endpoints reach each other first."),
            TunnelProbeProblem.Unrouted => (
                $"cannot reach each other over the underlay: {packet}: {failure.Reason}",
                $"Add a route toward {failure.TranslatedTo ?? failure.Destination} on '{at}' (often a default route towards the internet or the BCR), or correct the endpoint."),
            _ => ($"cannot reach each other over the underlay: {packet}: {failure.Reason}", "Correct the endpoint, or the path between the endpoints."),
        };
        Report(DiagnosticDescriptors.TunnelEndpointsUnreachable, tunnel.Location, from.QualifiedName, to.QualifiedName, tunnel.Name, what, fix);
    }

    private static string Needs(bool ipsec) => ipsec ? "IKE (udp/500) and NAT-T (udp/4500)" : "an ICMP echo";
}
