using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;
using Netflow.Language.Routing;

namespace Netflow.Language.Checks;

/// <summary>
/// Checks on the computed routing tables as declared: shadowed (NF3006) and duplicate (NF3007) routes, and devices
/// nothing can reach (NF3008). What forwarding does with the tables (loops, black holes, tunnels) is checked on the
/// compiled image with the engine (Netflow.Compiler's ForwardingChecks).
/// </summary>
internal sealed class RouteChecker(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, DiagnosticBag diagnostics)
{
    public void Check(CancellationToken cancellation = default)
    {
        foreach (var (device, table) in routes)
        {
            cancellation.ThrowIfCancellationRequested();
            FindShadowedRoutes(device, table, ForwardingIntervals.Build(table));
            FindDuplicateRoutes(device);
        }
        FindUnreachableDevices();
    }

    // ---- NF3006 and NF3007 ---------------------------------------------------------------------------------------

    private void FindShadowedRoutes(DeviceSymbol device, DeviceRoutes table, ForwardingIntervals intervals)
    {
        foreach (var prefix in intervals.Shadowed)
        {
            var shadows = table.Entries.Where(e => e.Prefix.Length > prefix.Length && prefix.Contains(e.Prefix))
                .Select(e => e.Prefix).Distinct().ToList();
            foreach (var entry in table.Entries)
            {
                if (entry.Prefix != prefix || entry.Source != RouteSource.Static) continue;
                diagnostics.ReportShadowedRoute(entry, shadows);
            }
        }
    }

    private void FindDuplicateRoutes(DeviceSymbol device)
    {
        if (device.Routes.Count < 2) return;
        // The next hop as written: the same symbol, the same address, or both drop.
        var seen = new Dictionary<(IpPrefix, bool, Symbol?, IpAddress?, int?), RouteDeclaration>();
        var drops = new Dictionary<IpPrefix, RouteDeclaration>();
        foreach (var route in device.Routes.Where(r => r.Drop)) drops.TryAdd(route.Destination.Prefix!.Value, route);
        foreach (var route in device.Routes)
        {
            if (!route.Drop && drops.TryGetValue(route.Destination.Prefix!.Value, out var drop))
            {
                diagnostics.ReportDropAndForward(route, drop);
            }
            var key = (route.Destination.Prefix!.Value, route.Drop, route.NextHop?.Symbol, route.NextHop?.Address, route.NextHop?.Port);
            if (seen.TryGetValue(key, out var first))
            {
                diagnostics.ReportDuplicateRoute(route, first);
            }
            else
            {
                seen[key] = route;
            }
        }
    }

    // ---- NF3008 --------------------------------------------------------------------------------------------------

    private void FindUnreachableDevices()
    {
        var tunnelEnds = topology.Model.Tunnels.SelectMany(t => t.Endpoints).Select(topology.DeviceOf).OfType<DeviceSymbol>()
            .ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var device in topology.Model.Devices)
        {
            // A service is a virtual address that kube-proxy answers on every worker; it has no links of its own.
            if (device.Kind == DeviceKind.Service) continue;
            // A device that names its host is placed; if the placement failed, that error already says so.
            if (device.Declaration.Header is Syntax.DeviceHeader { Host: not null }) continue;
            // A device without addresses is not modelled at layer 3 yet; one with addresses but no link is the mistake.
            if (!device.Interfaces.Any(i => i.Addresses.Count > 0)) continue;
            // A tunnel endpoint is linked by its tunnel; NF3002 says if that link cannot work.
            if (tunnelEnds.Contains(device)) continue;
            // A device whose interface names a segment is meant to be attached: if the name did not resolve, that was
            // reported (NF1001, NF1003), and a second warning here would only repeat it.
            if (device.Interfaces.Any(i => i.Declaration.Header is Syntax.InterfaceHeader { Segment: not null })) continue;
            if (!topology.IsLinked(device))
            {
                diagnostics.ReportUnreachableDevice(device);
            }
        }
    }
}
