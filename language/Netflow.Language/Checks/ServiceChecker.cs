using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;

namespace Netflow.Language.Checks;

/// <summary>
/// What the Kubernetes API server refuses or cannot mean in a service: one declared outside every cluster (NF2023), a
/// cluster IP outside its cluster's service range (NF2024) and a cluster IP that another service of the cluster has
/// (NF2025). Needs only the bound model.
/// </summary>
internal sealed class ServiceChecker(NetworkModel model, DiagnosticBag diagnostics)
{
    public void Check()
    {
        var allocated = new Dictionary<(Cluster, IpAddress), DeviceSymbol>();
        foreach (var service in model.Devices.Where(d => d.Kind == DeviceKind.Service))
        {
            if (model.ClusterOf(service) is not { } cluster)
            {
                ReportOutsideEveryCluster(service);
                continue;
            }
            if (service.ClusterIp is not { } clusterIp) continue;
            CheckServiceRange(service, cluster, clusterIp);
            if (allocated.TryGetValue((cluster, clusterIp), out var first)) diagnostics.ReportClusterIpAlreadyAllocated(service, first, cluster);
            else allocated.Add((cluster, clusterIp), service);
        }
    }

    private void ReportOutsideEveryCluster(DeviceSymbol service)
    {
        var endpoints = service.ServicePorts.SelectMany(p => p.Targets).Concat(service.DestinationNats.SelectMany(n => n.Targets))
            .Select(e => e.Symbol switch { InterfaceSymbol i => i.Device, DeviceSymbol d => d, _ => null })
            .OfType<DeviceSymbol>()
            .Select(model.ClusterOf)
            .Distinct()
            .ToList();
        var clusters = model.Ranges.Select(model.ClusterOf).OfType<Cluster>().Distinct().ToList();
        diagnostics.ReportServiceOutsideCluster(service, endpoints is [{ } one] ? one : null, clusters);
    }

    /// <summary>
    /// The API server assigns cluster IPs from the cluster's service CIDR (its outermost cluster-service ranges), never its
    /// network or broadcast address; a cluster that declares no service range has nothing to check against.
    /// </summary>
    private void CheckServiceRange(DeviceSymbol service, Cluster cluster, IpAddress clusterIp)
    {
        var ranges = model.Ranges
            .Where(r => r is { Origin: RangeOrigin.ClusterService, Prefix: not null } && r.Parent is not { Origin: RangeOrigin.ClusterService } && model.ClusterOf(r) == cluster)
            .ToList();
        if (ranges.Count == 0) return;
        var holder = ranges.Find(r => r.Prefix!.Value.Contains(clusterIp));
        if (holder?.Prefix is { } prefix && (prefix.Length >= 31 || (clusterIp != prefix.Network && clusterIp != prefix.Last))) return;
        diagnostics.ReportClusterIpOutsideServiceRange(service, cluster, ranges, holder);
    }
}
