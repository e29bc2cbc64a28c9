using Netflow.Language.Addressing;
using Netflow.Language.Binding;

namespace Netflow.Language.Routing;

/// <summary>
/// Follows the routing tables from a device towards an address, first equal-cost choice at each hop: the devices a
/// packet passes, for checks that must say which way traffic goes. The runtime does the real, complete execution.
/// </summary>
public static class ForwardingWalk
{
    public const int MaxHops = 64;

    /// <summary>The outcome: the devices passed (the start first), and why the walk stopped short, or null when it arrived.</summary>
    public sealed record Result(IReadOnlyList<DeviceSymbol> Devices, string? Failure)
    {
        public bool Arrived => Failure is null;
    }

    /// <summary>
    /// Arrives where the address is held or directly attached. <paramref name="skip"/> leaves out routes into one tunnel,
    /// for checking the tunnel's own underlay.
    /// </summary>
    public static Result Run(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, DeviceSymbol from, IpAddress target,
        TunnelSymbol? skip = null)
    {
        var devices = new List<DeviceSymbol>();
        var device = from;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            devices.Add(device);
            var entries = routes[device].Lookup(target, skip).ToList();
            if (entries.Count == 0) return new Result(devices, $"'{device.QualifiedName}' has no route to {target}");
            var entry = entries[0];
            if (entry.Source == RouteSource.Local) return new Result(devices, null);
            if (entry.Source == RouteSource.Connected)
            {
                return topology.Owners(target).Any(o => ReferenceEquals(o.Segment, entry.OutInterface?.Segment))
                    ? new Result(devices, null)
                    : new Result(devices, $"{target} is not on the segment '{device.QualifiedName}' reaches it by");
            }
            if (entry.Drop) return new Result(devices, $"'{device.QualifiedName}' drops traffic to {target}");
            if (entry.NextHop is not { } next)
            {
                return new Result(devices, $"'{device.QualifiedName}' sends {target} out of an interface towards no declared device");
            }
            device = next;
        }
        return new Result(devices, $"the path to {target} loops");
    }
}
