using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Rendering;

/// <summary>A flow's failed expectations in plain words, for the text and JSON outputs and the NF4005 message.</summary>
public static class FlowWords
{
    private static string Name(NetworkImage image, int device) => device < 0 ? "?" : image.String(image.Devices.Name[device]);

    public static IReadOnlyList<string> Of(NetworkImage image, IEnumerable<FlowFailure> failures) => [.. failures.Select(f => Of(image, f))];

    public static string Of(NetworkImage image, FlowFailure failure) => failure switch
    {
        WrongDisposition w => $"expected {Words.Of(w.Expected)}, but the packet ended {Words.Of(w.Trace.Disposition)}: {TraceWords.Reason(image, w.Trace)}",
        ForbiddenEncapsulation f => $"the packet must not be encapsulated in {Words.Of(f.Kind)}, but it is",
        MissingWaypoint m => $"expected {Waypoint(image, m.Step)} after {(m.After is { } e ? Event(image, e) : "the start")}, "
            + $"but the trace {(m.TraceEnded ? "had ended" : "went on without it")}",
        AcceptedByAnother a => $"the packet was accepted by {Name(image, a.Device)}, not by {Name(image, a.Expected)}",
        ReplyLost r => $"the reply does not get back to {Name(image, r.Source)}: {(r.Reply is null ? "no reply was sent" : TraceWords.Reason(image, r.Reply))}",
        ReplyNotUndone u => $"the reply arrives as {u.Arrived}, but the source expects {u.Expected}: a NAT on the way is not undone on the way back",
        _ => throw new ArgumentOutOfRangeException(nameof(failure)),
    };

    private static string Waypoint(NetworkImage image, int s)
    {
        var steps = image.FlowSteps;
        var target = steps.Kind[s] == WaypointKind.BgpRoute && steps.ArgumentDevice[s] >= 0 ? Name(image, steps.ArgumentDevice[s])
            : steps.Address[s] != 0 ? PacketHeader.Format(steps.Address[s]) : steps.ArgumentDevice[s] >= 0 ? Name(image, steps.ArgumentDevice[s]) : null;
        return steps.Kind[s] switch
        {
            WaypointKind.Device => $"the packet to pass {Name(image, steps.Device[s])}",
            WaypointKind.Dns => "a DNS answer" + (target is null ? "" : $" of {target}"),
            WaypointKind.SourceNat => "a source NAT" + (target is null ? "" : $" to {target}"),
            WaypointKind.DestinationNat when steps.ArgumentDevice[s] is var service && service >= 0 && image.Devices.Kind[service] == DeviceKind.Service =>
                $"kube-proxy to translate an address of the service {Name(image, service)} to {Endpoints(image, service)}",
            WaypointKind.DestinationNat => "a destination NAT" + (target is null ? "" : $" to {target}"),
            WaypointKind.BgpRoute => "a hop by a route learned over BGP" + (target is null ? "" : $" from {target}"),
            WaypointKind.Proxy => "a proxy opening a connection" + (target is null ? "" : $" to {target}"),
            WaypointKind.Encapsulation or WaypointKind.NeverEncapsulation => $"{Words.Of(steps.Encapsulation[s])} encapsulation",
            _ => throw new ArgumentOutOfRangeException(nameof(s)),
        };
    }

    /// <summary>"its endpoint k8s.web:8080", "one of its endpoints (a:80, b:80)": the targets of kube-proxy's rules for a service.</summary>
    private static string Endpoints(NetworkImage image, int service)
    {
        var (nats, targets) = (image.DestinationNats, image.NatTargets);
        var endpoints = (from rule in Enumerable.Range(0, nats.Count)
                         where nats.Kind[rule] == DestinationNatKind.KubeProxy && nats.Owner[rule] == service
                         from t in Enumerable.Range(nats.FirstTarget[rule], nats.TargetCount[rule])
                         let port = targets.Port[t] >= 0 ? targets.Port[t] : nats.Port[rule]
                         let name = targets.Device[t] >= 0 ? Name(image, targets.Device[t]) : PacketHeader.Format(targets.Address[t])
                         select port >= 0 ? $"{name}:{port}" : name).Distinct().ToList();
        return endpoints switch
        {
            [] => "an endpoint",
            [var one] => $"its endpoint {one}",
            _ => $"one of its endpoints ({string.Join(", ", endpoints)})",
        };
    }

    private static string Event(NetworkImage image, (int Device, TraceStep? Step) e) =>
        e.Step is not { } step ? Name(image, e.Device) : $"'{TraceWords.Step(image, step)}' at {Name(image, e.Device)}";
}
