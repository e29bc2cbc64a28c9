using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>What makes an address unusable as an ordinary one (NF2011; RFC 1122, section 3.2.1.3).</summary>
public enum SpecialAddress
{
    Loopback,
    Unspecified,
    LimitedBroadcast,
}

/// <summary>What is wrong with a service's lines, or a line that belongs to a service (NF2021).</summary>
public enum ServiceProblem
{
    /// <summary>A <c>type</c>, <c>cluster-ip</c> or <c>port</c> line on a device that is no service.</summary>
    NotAService,

    /// <summary><c>type load-balancer</c> without the external address.</summary>
    LoadBalancerWithoutAddress,

    /// <summary>An external address on a type other than load-balancer.</summary>
    AddressWithoutLoadBalancer,

    /// <summary>A <c>proxy</c> line in a service.</summary>
    ProxyOnService,

    /// <summary>A port of a node-port service without <c>node-port N</c>.</summary>
    NodePortMissing,

    /// <summary>A port of a cluster-ip service that declares no cluster IP.</summary>
    ClusterIpMissing,
}

// NF2xxx: the address plan.
public sealed partial class DiagnosticBag
{
    /// <summary>NF2001: <paramref name="address"/> of <paramref name="iface"/> lies in no range of <paramref name="segment"/>.</summary>
    public void ReportAddressOutsideSegment(SourceLocation location, IpAddress address, InterfaceSymbol iface, SegmentSymbol segment) =>
        Report(DiagnosticDescriptors.AddressOutsideSegment, location, [new RelatedLocation(segment.Location, $"segment '{segment.Name}' is declared here")],
            address, iface.QualifiedName, segment.Name, string.Join(", ", segment.Ranges.Select(r => r.Prefix?.ToString()).OfType<string>()));

    /// <summary>NF2002: the prefix as written, and the network prefix it stands for.</summary>
    public void ReportHostBitsSet(SourceLocation location, IpPrefix prefix) =>
        Report(DiagnosticDescriptors.HostBitsSet, location, prefix, prefix.Canonical);

    /// <summary>NF2003: <paramref name="address"/> is the network or the broadcast address of <paramref name="range"/>.</summary>
    public void ReportNetworkOrBroadcastAddress(SourceLocation location, IpAddress address, RangeSymbol range)
    {
        var prefix = range.Prefix!.Value;
        Report(DiagnosticDescriptors.NetworkOrBroadcastAddress, location, [new RelatedLocation(range.Location, $"range '{range.Name}' is declared here")],
            address, address == prefix.Network ? "network" : "broadcast", prefix, range.Name,
            new IpAddress(prefix.Family, prefix.Network.Value + 1), new IpAddress(prefix.Family, prefix.Last.Value - 1));
    }

    /// <summary>NF2004: <paramref name="range"/> is not inside the range whose block declares it.</summary>
    public void ReportNestedRangeOutsideParent(RangeSymbol range)
    {
        var parent = range.Parent!;
        Report(DiagnosticDescriptors.NestedRangeOutsideParent, range.Location, [new RelatedLocation(parent.Location, $"the enclosing range '{parent.Name}'")],
            range.Name, range.Prefix, parent.Name, parent.Prefix);
    }

    /// <summary>NF2005.</summary>
    public void ReportUnusedRange(RangeSymbol range) => Report(DiagnosticDescriptors.UnusedRange, range.Location, range.Name, range.Prefix);

    /// <summary>NF2006: <paramref name="address"/> of <paramref name="pod"/> is in none of <paramref name="podRanges"/>.</summary>
    public void ReportPodAddressOutsidePodRange(SourceLocation location, DeviceSymbol pod, IpAddress address, IReadOnlyList<RangeSymbol> podRanges) =>
        Report(DiagnosticDescriptors.PodAddressOutsidePodRange, location, [new RelatedLocation(podRanges[0].Location, $"the pod range '{podRanges[0].Name}'")],
            pod.QualifiedName, address, string.Join(", ", podRanges.Select(r => r.Prefix)));

    /// <summary>NF2007: <paramref name="range"/> overlaps <paramref name="outer"/> in the address space <paramref name="space"/> (null: both are used everywhere).</summary>
    public void ReportOverlappingRanges(RangeSymbol range, RangeSymbol outer, string? space) =>
        Report(DiagnosticDescriptors.OverlappingRanges, range.Location, [DeclaredHere(outer.Location, outer.Name)],
            range.Name, range.Prefix, outer.Name, outer.Prefix, space ?? "both are used everywhere");

    /// <summary>NF2008.</summary>
    public void ReportEnterpriseOverlapsProvider(RangeSymbol enterprise, RangeSymbol provider) =>
        Report(DiagnosticDescriptors.EnterpriseOverlapsProvider, enterprise.Location, [new RelatedLocation(provider.Location, $"the provider range '{provider.Name}'")],
            enterprise.Name, enterprise.Prefix, provider.Name, provider.Prefix);

    /// <summary>
    /// NF2009: the pod or service range <paramref name="clusterRange"/> of <paramref name="cluster"/> overlaps <paramref name="other"/>:
    /// a range (its <paramref name="prefix"/>) or an interface (its <paramref name="address"/>) the workers exchange traffic with,
    /// <paramref name="through"/> a device outside the cluster, or routed away by <paramref name="routedBy"/>.
    /// </summary>
    public void ReportClusterRangeOverlap(RangeSymbol clusterRange, ScopeSymbol? cluster, Symbol other, IpPrefix? prefix = null, IpAddress? address = null,
        DeviceSymbol? through = null, DeviceSymbol? routedBy = null)
    {
        var what = other is RangeSymbol ? $"the range '{other.QualifiedName}' ({prefix})" : $"the address {address} of '{other.QualifiedName}'";
        var via = routedBy is not null ? $" (the route on '{routedBy.QualifiedName}' sends it away)" : through is not null ? $" through '{through.QualifiedName}'" : "";
        Report(DiagnosticDescriptors.ClusterRangeOverlap, clusterRange.Location, [new RelatedLocation(other.Location, $"'{other.QualifiedName}' is declared here")],
            clusterRange.Origin == RangeOrigin.ClusterPod ? "pod" : "service", clusterRange.Name, clusterRange.Prefix, what, cluster?.QualifiedName ?? "the network", via);
    }

    /// <summary>
    /// NF2010: <paramref name="address"/>, which <paramref name="first"/> holds (at <paramref name="firstLocation"/>), is held
    /// again by <paramref name="iface"/>, or is what <paramref name="translation"/> of another device source-NATs to (one of
    /// the two is given).
    /// </summary>
    public void ReportDuplicateAddress(SourceLocation location, IpAddress address, InterfaceSymbol first, SourceLocation firstLocation,
        InterfaceSymbol? iface = null, SourceNat? translation = null)
    {
        var related = new RelatedLocation(firstLocation, $"'{first.QualifiedName}' holds it too");
        if (translation is null)
        {
            Report(DiagnosticDescriptors.DuplicateAddress, location, [related], address, $"of '{iface?.QualifiedName}'", first.QualifiedName, "",
                "give each interface its own address, or mark both 'shared' if it is a VIP or anycast address");
            return;
        }
        var translator = translation.Device.QualifiedName;
        Report(DiagnosticDescriptors.DuplicateAddress, location, [related], address,
            $"that '{translator}' source-NATs to" + (translation.ToPool is { } pool ? $" (from its pool '{pool.Name}', {pool.Prefix})" : ""),
            first.QualifiedName, $", so the replies to the connections it translates go to '{first.Device.QualifiedName}', not back to '{translator}'",
            $"translate to an address that '{translator}' holds itself ('as egress', or an address of one of its interfaces) and no other device holds");
    }

    /// <summary>NF2011: <paramref name="written"/> is the address or prefix as used.</summary>
    public void ReportSpecialPurposeAddress(SourceLocation location, object written, SpecialAddress what) =>
        Report(DiagnosticDescriptors.SpecialPurposeAddress, location, written, what switch
        {
            SpecialAddress.Loopback => "loopback (127.0.0.0/8): it never leaves the host that sends to it",
            SpecialAddress.Unspecified => "the unspecified address: it means 'no address yet' and is never a destination",
            _ => "the limited broadcast address: it reaches the local segment only and no router forwards it",
        });

    /// <summary>
    /// NF2012: <paramref name="iface"/> of <paramref name="site"/> is on <paramref name="segment"/> of <paramref name="home"/> (null: no site),
    /// which <paramref name="stretched"/> may carry to other sites; <paramref name="tunnelled"/>: an L2 tunnel stretches it.
    /// </summary>
    public void ReportSegmentAcrossSites(InterfaceSymbol iface, ScopeSymbol site, SegmentSymbol segment, ScopeSymbol? home, bool stretched, bool tunnelled)
    {
        var where = home is null ? "no site" : $"site '{home.QualifiedName}'";
        Report(DiagnosticDescriptors.SegmentAcrossSites, iface.Location, [new RelatedLocation(segment.Location, $"segment '{segment.Name}' is declared here")],
            iface.QualifiedName, site.QualifiedName, segment.QualifiedName, stretched ? $"{where} and the sites it is stretched to" : where,
            tunnelled && !stretched
                ? $"Declare '{segment.Name}' with kind 'stretched', so that the L2 tunnel stretching it carries it between the sites."
                : $"Attach the interface to a segment of '{site.QualifiedName}' and route between the sites, or declare '{segment.Name}' 'stretched' and stretch it to '{site.QualifiedName}' with an l2 tunnel between concentrators.");
    }

    /// <summary>
    /// NF2020 at the first rule of a chain: <paramref name="chain"/> the destinations in turn (address and port, 0: any),
    /// <paramref name="cycle"/> whether the last comes back to an earlier one.
    /// </summary>
    public void ReportDestinationNatCycle(SourceLocation location, DeviceSymbol device, IReadOnlyList<(IpAddress Address, int? Port)> chain, bool cycle)
    {
        static string Spell((IpAddress Address, int? Port) c) => c.Port is { } p ? $"{c.Address}:{p}" : $"{c.Address}";
        Report(DiagnosticDescriptors.DestinationNatCycle, location, device.QualifiedName, cycle ? "in a cycle" : "into each other",
            string.Join(" → ", chain.Select(Spell)), Spell(chain[1]));
    }

    /// <summary>NF2022 at the <c>type load-balancer</c> line of <paramref name="service"/>, whose external address nothing attracts.</summary>
    public void ReportLoadBalancerAddressUnattracted(DeviceSymbol service) =>
        Report(DiagnosticDescriptors.LoadBalancerAddressUnattracted, service.LoadBalancerLocation ?? service.Location, service.LoadBalancerAddress, service.Name);

    /// <summary>
    /// NF2023 at the name of <paramref name="service"/>: <paramref name="endpointsIn"/> is the one cluster its endpoints run
    /// in, if there is one; <paramref name="clusters"/> are the network's clusters.
    /// </summary>
    public void ReportServiceOutsideCluster(DeviceSymbol service, Cluster? endpointsIn, IReadOnlyList<Cluster> clusters) =>
        Report(DiagnosticDescriptors.ServiceOutsideCluster, service.Location, service.Name, (endpointsIn, clusters) switch
        {
            ({ Scope: not null }, _) => $"Its endpoints run in {endpointsIn}: declare it inside that site (sites merge across files).",
            (_, []) => "Declare it inside the site of its cluster, the site that declares the cluster's cluster-pod and cluster-service ranges.",
            _ => $"Declare it inside the site of the cluster it belongs to ({string.Join(" or ", clusters.Select(c => $"'{c.Scope?.QualifiedName}'"))}; sites merge across files).",
        });

    /// <summary>
    /// NF2024 at the cluster IP of <paramref name="service"/>, which is outside <paramref name="serviceRanges"/> of
    /// <paramref name="cluster"/> or is the network or broadcast address of <paramref name="holder"/>, one of them.
    /// </summary>
    public void ReportClusterIpOutsideServiceRange(DeviceSymbol service, Cluster cluster, IReadOnlyList<RangeSymbol> serviceRanges, RangeSymbol? holder)
    {
        var address = service.ClusterIp!.Value;
        var where = holder?.Prefix is not { } prefix ? "outside"
            : address == prefix.Network ? "the network address of" : "the broadcast address of";
        Report(DiagnosticDescriptors.ClusterIpOutsideServiceRange, service.ClusterIpLocation ?? service.Location,
            [.. serviceRanges.Select(r => new RelatedLocation(r.Location, $"the service range '{r.Name}' is declared here"))],
            address, service.Name, where, cluster, string.Join(" or ", serviceRanges.Select(r => r.Prefix)));
    }

    /// <summary>NF2025 at the cluster IP of <paramref name="service"/>, which <paramref name="first"/> of the same cluster has already.</summary>
    public void ReportClusterIpAlreadyAllocated(DeviceSymbol service, DeviceSymbol first, Cluster cluster) =>
        Report(DiagnosticDescriptors.ClusterIpAlreadyAllocated, service.ClusterIpLocation ?? service.Location,
            [new RelatedLocation(first.ClusterIpLocation ?? first.Location, $"'{first.QualifiedName}' has it here")],
            service.ClusterIp, service.Name, first.QualifiedName, cluster);

    /// <summary>NF2021 at the line of <paramref name="device"/> that <paramref name="problem"/> is about.</summary>
    public void ReportServiceMisdeclared(SourceLocation location, DeviceSymbol device, ServiceProblem problem) =>
        Report(DiagnosticDescriptors.ServiceMisdeclared, location, problem switch
        {
            ServiceProblem.NotAService =>
                $"'type', 'cluster-ip' and 'port' lines belong to a service, but '{device.Name}' is a {device.KindName}; declare them in a 'service', or write 'dnat', 'proxy port' or 'serves' here.",
            ServiceProblem.LoadBalancerWithoutAddress =>
                $"The service '{device.Name}' is of type load-balancer but names no external address; write 'type load-balancer ADDRESS' with the address its load balancer holds.",
            ServiceProblem.AddressWithoutLoadBalancer =>
                $"The service '{device.Name}' is of type {Keywords.Spell(device.ServiceType)}, which has no external address; write 'type load-balancer' with it, or leave the address out.",
            ServiceProblem.ProxyOnService =>
                $"A service does not proxy: kube-proxy translates its connections. Write 'port N to ...' in the service '{device.Name}', and 'proxy port N to ...' on the load balancer that terminates them.",
            ServiceProblem.NodePortMissing =>
                $"The service '{device.Name}' is of type node-port, but this port names no node port; add 'node-port N' (the port every worker opens, 30000 to 32767 by default).",
            _ => $"The service '{device.Name}' is of type cluster-ip but declares no 'cluster-ip ADDRESS', so nothing reaches this port; add its cluster IP.",
        });
}
