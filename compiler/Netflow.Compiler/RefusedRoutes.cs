using Netflow.Language;
using Netflow.Language.Addressing;
using Netflow.Language.Routing;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler;

/// <summary>
/// Why a hop of a trace had no better route, from the sources: where a device forwarded the packet by a route less
/// specific than a BGP path it refused for its AS loop (or found no route at all), that path. A table image does not
/// carry refused paths, so a trace of an image has none.
/// </summary>
public static class RefusedRoutes
{
    /// <summary>A refused path that covers <paramref name="Destination"/> at its device, which took route row <paramref name="UsedRoute"/> (-1: none).</summary>
    public sealed record Note(RefusedBgpRoute Refused, uint Destination, int UsedRoute);

    /// <summary>The notes for the hops of <paramref name="traces"/>, each refused path once, in trace order.</summary>
    public static IReadOnlyList<Note> Of(Compilation compilation, NetworkImage image, params Trace?[] traces)
    {
        var refused = compilation.Routes.Values.Where(t => t.Refused.Count > 0).ToDictionary(t => t.Device.QualifiedName, t => t.Refused, StringComparer.Ordinal);
        var notes = new List<Note>();
        if (refused.Count == 0) return notes;
        foreach (var trace in traces)
        {
            if (trace is null) continue;
            for (var i = 0; i < trace.Hops.Count; i++)
            {
                var hop = trace.Hops[i];
                if (!refused.TryGetValue(image.String(image.Devices.Name[hop.Device]), out var paths)) continue;
                if (Decision(hop, stoppedHere: i == trace.Hops.Count - 1 && trace.Disposition == Disposition.NoRoute) is not var (destination, used)) continue;
                foreach (var path in paths)
                {
                    if (!path.Prefix.Contains(IpAddress.V4(destination)) || (used >= 0 && image.Routes.Length[used] >= path.Prefix.Length)) continue;
                    if (!notes.Exists(n => ReferenceEquals(n.Refused, path))) notes.Add(new Note(path, destination, used));
                }
            }
        }
        return notes;
    }

    /// <summary>
    /// The address a hop looked up and the route row it took: its first forwarding decision (the outer destination of
    /// an encapsulated packet; the inner one for the route into a tunnel), or the packet's destination where the trace
    /// stopped for want of a route. Null when the hop decided nothing by a route.
    /// </summary>
    private static (uint Destination, int Route)? Decision(TraceHop hop, bool stoppedHere)
    {
        foreach (var step in hop.Steps)
        {
            if (step.DecidingRoute < 0 || step.Before is not { } before) continue;
            return (step.Kind == StepKind.Encapsulated ? before.Destination : step.Outer?.Destination ?? before.Destination, step.DecidingRoute);
        }
        if (!stoppedHere) return null;
        var last = hop.Steps.LastOrDefault(s => s.Before is not null);
        return last.Before is { } header ? (last.Outer?.Destination ?? header.Destination, -1) : null;
    }

}
