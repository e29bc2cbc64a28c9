using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;

namespace Netflow.Language.Checks;

/// <summary>
/// The address checks that need only the bound model, not the topology: interface addresses against their segment
/// (NF2001, NF2003), nested ranges against their parent (NF2004), pod addresses against the cluster's pod ranges
/// (NF2006) and ranges nothing uses (NF2005).
/// </summary>
internal sealed class AddressPlanChecker(NetworkModel model, DiagnosticBag diagnostics)
{
    public void Check()
    {
        foreach (var range in model.Ranges) CheckNesting(range);
        foreach (var device in model.Devices)
        {
            foreach (var iface in device.Interfaces) CheckInterface(iface);
            if (device.Kind == DeviceKind.Pod) CheckPod(device);
        }
        ReportUnusedRanges();
    }

    private void CheckNesting(RangeSymbol range)
    {
        if (range is not { Parent.Prefix: { } parent, Prefix: { } child } || parent.Contains(child)) return;
        diagnostics.ReportNestedRangeOutsideParent(range);
    }

    private void CheckInterface(InterfaceSymbol iface)
    {
        // A segment without a valid range (none declared, or its prefix was invalid and reported) has nothing to check against.
        if (iface.Segment is not { } segment || !segment.Ranges.Any(r => r.Prefix is not null)) return;
        foreach (var (address, location) in iface.Addresses)
        {
            if (segment.SubnetOf(address) is not { } range)
            {
                diagnostics.ReportAddressOutsideSegment(location, address, iface, segment);
                continue;
            }
            var prefix = range.Prefix!.Value;
            if (prefix.Length >= 31) continue;
            if (address == prefix.Network || address == prefix.Last) diagnostics.ReportNetworkOrBroadcastAddress(location, address, range);
        }
    }

    private void CheckPod(DeviceSymbol pod)
    {
        var podRanges = model.Ranges
            .Where(r => r.Origin == RangeOrigin.ClusterPod && r.Prefix is not null && pod.IsInside(r.Scope))
            .ToList();
        if (podRanges.Count == 0) return;
        foreach (var iface in pod.Interfaces)
        {
            foreach (var (address, location) in iface.Addresses)
            {
                if (podRanges.Exists(r => r.Prefix!.Value.Contains(address))) continue;
                diagnostics.ReportPodAddressOutsidePodRange(location, pod, address, podRanges);
            }
        }
    }


    private void ReportUnusedRanges()
    {
        var used = new HashSet<RangeSymbol>(ReferenceEqualityComparer.Instance);
        foreach (var segment in model.Segments) used.UnionWith(segment.Ranges);
        foreach (var device in model.Devices)
        {
            foreach (var route in device.Routes) Mark(used, route.Destination);
            foreach (var nat in device.SourceNats)
            {
                Mark(used, nat.Match);
                Mark(used, nat.Toward);
                Mark(used, nat.Except);
                if (nat.ToPool is not null) used.Add(nat.ToPool);
            }
            foreach (var advertised in device.Bgp?.Advertised ?? []) Mark(used, advertised);
        }

        var addresses = UsedAddresses().Select(a => a.Value).Order().ToArray();
        foreach (var range in model.Ranges)
        {
            if (range.Prefix is { } prefix && ContainsAny(addresses, prefix)) used.Add(range);
        }
        // A range whose nested range is used is used too.
        foreach (var range in used.ToArray())
        {
            for (var parent = range.Parent; parent is not null && used.Add(parent); parent = parent.Parent) { }
        }

        foreach (var range in model.Ranges)
        {
            if (!used.Contains(range) && range.Prefix is not null) diagnostics.ReportUnusedRange(range);
        }
    }

    private static void Mark(HashSet<RangeSymbol> used, AddressMatch? match)
    {
        if (match?.Range is { } range) used.Add(range);
    }

    private IEnumerable<IpAddress> UsedAddresses()
    {
        foreach (var device in model.Devices)
        {
            foreach (var iface in device.Interfaces)
            {
                foreach (var (address, _) in iface.Addresses) yield return address;
            }
            foreach (var route in device.Routes)
            {
                if (route.NextHop?.Address is { } hop) yield return hop;
            }
            foreach (var nat in device.SourceNats)
            {
                if (nat.ToAddress is { } to) yield return to;
            }
            foreach (var nat in device.DestinationNats)
            {
                if (nat.Match is { } match) yield return match;
                foreach (var target in nat.Targets)
                {
                    if (target.Address is { } address) yield return address;
                }
            }
            // A service's addresses are allocated from its cluster's service range, or held by its load balancer.
            if (device.ClusterIp is { } clusterIp) yield return clusterIp;
            if (device.LoadBalancerAddress is { } external) yield return external;
            foreach (var record in device.Records)
            {
                if (record.Target.Address is { } address) yield return address;
            }
        }
        foreach (var tunnel in model.Tunnels)
        {
            foreach (var endpoint in tunnel.Endpoints)
            {
                if (endpoint.Address is { } address) yield return address;
            }
        }
        foreach (var flow in model.Flows)
        {
            if (flow.Destination?.Address is { } address) yield return address;
        }
    }

    private static bool ContainsAny(UInt128[] sorted, IpPrefix prefix)
    {
        var index = Array.BinarySearch(sorted, prefix.Network.Value);
        if (index < 0) index = ~index;
        return index < sorted.Length && sorted[index] <= prefix.Last.Value;
    }
}
