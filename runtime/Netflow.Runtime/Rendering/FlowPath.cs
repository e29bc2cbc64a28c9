using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Rendering;

/// <summary>
/// What a flow picture needs from a trace, read from its public data in one place: the devices in the order the
/// packet visited them, what the packet was wrapped in on each leg, and the marks to show at a device (NAT with the
/// addresses before and after, encapsulation, where it ended).
/// </summary>
internal sealed record FlowPath(IReadOnlyList<int> Devices, IReadOnlyList<string> LegEncapsulation, IReadOnlyList<(int Device, string Mark)> Marks,
    Disposition Disposition, int LastDevice)
{
    public static FlowPath Of(Trace trace)
    {
        var devices = new List<int>();
        var legs = new List<string>();
        var marks = new List<(int, string)>();
        var stack = new List<TunnelKind>();
        foreach (var hop in trace.Hops)
        {
            if (devices.Count == 0 || devices[^1] != hop.Device)
            {
                if (devices.Count > 0) legs.Add(string.Join(" in ", stack.AsEnumerable().Reverse().Select(Words.Of)));
                devices.Add(hop.Device);
            }
            foreach (var step in hop.Steps)
            {
                switch (step.Kind)
                {
                    case StepKind.SourceNat when step is { Before: { } before, After: { } after }:
                        marks.Add((hop.Device, (step.Reverse ? "un-SNAT " : "SNAT ") + Translation(before, after)));
                        break;
                    case StepKind.DestinationNat when step is { Before: { } before, After: { } after }:
                        marks.Add((hop.Device, (step.Reverse ? "un-DNAT " : "DNAT ") + Translation(before, after)));
                        break;
                    case StepKind.Proxied when step is { After: { } onward }:
                        marks.Add((hop.Device, (step.Reverse ? "answers as " : "proxies as ") + onward));
                        break;
                    case StepKind.Encapsulated when step.Encapsulation is { } kind:
                        stack.Add(kind);
                        marks.Add((hop.Device, $"{Words.Of(kind)} {PacketHeader.Format(step.OuterSource)} → {PacketHeader.Format(step.OuterDestination)}"));
                        break;
                    case StepKind.Decapsulated when step.Encapsulation is { } kind:
                        if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
                        marks.Add((hop.Device, $"ends {Words.Of(kind)}"));
                        break;
                }
            }
        }
        return new FlowPath(devices, legs, marks, trace.Disposition, trace.LastDevice);
    }

    // Which side changed is read off the headers, so the mark stays right whichever way the engine words it.
    private static string Translation(PacketHeader before, PacketHeader after)
    {
        var parts = new List<string>(2);
        if (before.Source != after.Source || before.SourcePort != after.SourcePort)
            parts.Add(Endpoint(before.Source, before.SourcePort, before) + " → " + Endpoint(after.Source, after.SourcePort, after));
        if (before.Destination != after.Destination || before.DestinationPort != after.DestinationPort)
            parts.Add(Endpoint(before.Destination, before.DestinationPort, before) + " → " + Endpoint(after.Destination, after.DestinationPort, after));
        return parts.Count == 0 ? "(no change)" : string.Join(", ", parts);
    }

    private static string Endpoint(uint address, int port, PacketHeader header) =>
        header.Protocol == Protocol.Icmp ? PacketHeader.Format(address) : $"{PacketHeader.Format(address)}:{port}";
}
