using System.Globalization;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering.Dot;

namespace Netflow.Runtime.Rendering;

/// <summary>
/// Draws a network as a Graphviz graph: sites as nested clusters, devices shaped by kind with their addresses, guests
/// grouped with the host or worker they run on, segments as small nodes carrying their ranges, tunnels as dashed edges.
/// A flow picture is the same drawing with the forward path and the reply as numbered, coloured edges, NAT and
/// encapsulation marked at the device that does them, the end of each trace marked, and everything else dimmed.
/// </summary>
public sealed class NetworkPicture(NetworkImage image, TopologyNotes? notes = null)
{
    private const string ForwardColor = "#1f5fbf";
    private const string ReplyColor = "#1e8a3a";
    private const string FailColor = "#c62828";
    private const string DimLine = "#d0d0d0";
    private const string DimText = "#a0a0a0";
    private const string DimFill = "#f5f5f5";

    private readonly TopologyNotes _notes = notes ?? TopologyNotes.None;

    public DotGraph Topology()
    {
        var graph = Draw(onPath: null, marks: null, pathPairs: []);
        graph.Attributes.SetLines(DotAttribute.Label, ["Network topology", "dashed: tunnels · grouped boxes: what runs on a host or worker"]);
        return graph;
    }

    public DotGraph Flow(FlowResult result)
    {
        var forward = FlowPath.Of(result.Forward);
        var reply = result.Reply is null ? null : FlowPath.Of(result.Reply);
        var onPath = new HashSet<int>(forward.Devices.Concat(reply?.Devices ?? []));
        var marks = new Dictionary<int, List<(string Text, string Color)>>();
        foreach (var (device, mark) in forward.Marks) Mark(marks, device, mark, ForwardColor);
        foreach (var (device, mark) in reply?.Marks ?? []) Mark(marks, device, "reply: " + mark, ReplyColor);
        MarkEnd(marks, forward, "", ForwardColor);
        if (reply is not null) MarkEnd(marks, reply, "reply ", ReplyColor);

        var legs = new Dictionary<(int, int), (DotEdge, string, string)>();
        var pathPairs = new HashSet<(int, int)>();
        foreach (var path in reply is null ? [forward] : new[] { forward, reply })
        {
            for (var i = 1; i < path.Devices.Count; i++) pathPairs.Add(Unordered(path.Devices[i - 1], path.Devices[i]));
        }
        var graph = Draw(onPath, marks, pathPairs);
        var number = DrawPath(graph, legs, forward, ForwardColor, 1);
        if (reply is not null) DrawPath(graph, legs, reply, ReplyColor, number);

        var name = image.String(image.Flows.Name[result.Flow]);
        var title = image.String(image.Flows.Title[result.Flow]);
        var outcome = (result.Passed ? "PASS" : "FAIL") + $": forward {Words.Of(result.Forward.Disposition)}" +
                      (result.Reply is { } r ? $", reply {Words.Of(r.Disposition)}" : "");
        graph.Attributes.SetLines(DotAttribute.Label, [$"Flow {name}", title, outcome + "  (blue: forward path, green: reply, numbered in order)"]);
        if (forward.LastDevice >= 0)
        {
            var end = DeviceId(forward.LastDevice);
            foreach (var node in AllNodes(graph.Root).Where(n => n.Id == end)) node.Attributes.Set(DotAttribute.PenWidth, "2.5");
        }
        return graph;
    }

    private static IEnumerable<DotNode> AllNodes(DotSubgraph subgraph) =>
        subgraph.Nodes.Concat(subgraph.Subgraphs.SelectMany(AllNodes));

    private static void Mark(Dictionary<int, List<(string, string)>> marks, int device, string text, string color)
    {
        if (!marks.TryGetValue(device, out var list)) marks[device] = list = [];
        list.Add((text, color));
    }

    private static void MarkEnd(Dictionary<int, List<(string, string)>> marks, FlowPath path, string prefix, string color)
    {
        if (path.LastDevice < 0) return;
        Mark(marks, path.LastDevice, prefix + Words.Of(path.Disposition), path.Disposition == Disposition.Accepted ? color : FailColor);
    }

    /// <summary>
    /// Adds a path's legs as numbered edges. A leg that repeats one already drawn in the same direction adds its number
    /// to that edge: Graphviz 2.43 aborts on parallel non-constraining edges, and one edge reads better anyway.
    /// </summary>
    private int DrawPath(DotGraph graph, Dictionary<(int, int), (DotEdge Edge, string Label, string Colors)> legs, FlowPath path, string color, int number)
    {
        for (var i = 1; i < path.Devices.Count; i++)
        {
            var (from, to) = (path.Devices[i - 1], path.Devices[i]);
            var encapsulation = path.LegEncapsulation[i - 1];
            var label = number++.ToString(CultureInfo.InvariantCulture) + (encapsulation.Length > 0 ? " " + encapsulation : "");
            if (legs.TryGetValue((from, to), out var drawn))
            {
                legs[(from, to)] = (drawn.Edge, drawn.Label + ", " + label, drawn.Colors.Contains(color) ? drawn.Colors : drawn.Colors + ":" + color);
                // A leg of the forward path and of the reply: Graphviz draws a colour list as parallel lines.
                drawn.Edge.Attributes.Set(DotAttribute.XLabel, legs[(from, to)].Label).Set(DotAttribute.Color, legs[(from, to)].Colors);
                continue;
            }
            var edge = graph.AddEdge(DeviceId(from), DeviceId(to));
            edge.Attributes
                .Set(DotAttribute.XLabel, label)
                .Set(DotAttribute.Color, color)
                .Set(DotAttribute.FontColor, color)
                .Set(DotAttribute.PenWidth, "2.2")
                .Set(DotAttribute.Direction, "forward")
                .Set(DotAttribute.Style, encapsulation.Length > 0 ? "bold,dashed" : "bold")
                .Set(DotAttribute.Constraint, "false");
            legs[(from, to)] = (edge, label, color);
        }
        return number;
    }

    private static (int, int) Unordered(int a, int b) => a < b ? (a, b) : (b, a);

    private DotGraph Draw(HashSet<int>? onPath, Dictionary<int, List<(string Text, string Color)>>? marks, HashSet<(int, int)> pathPairs)
    {
        var graph = new DotGraph("netflow");
        graph.Attributes
            .Set(DotAttribute.RankDirection, "LR")
            .Set(DotAttribute.Compound, "true")
            .Set(DotAttribute.NodeSeparation, "0.25")
            .Set(DotAttribute.RankSeparation, "0.45")
            .Set(DotAttribute.FontName, "Helvetica")
            .Set(DotAttribute.FontSize, "16")
            .Set(DotAttribute.LabelLocation, "t")
            .Set(DotAttribute.Charset, "UTF-8")
            .Set(DotAttribute.Pad, "0.3");
        graph.NodeDefaults.Set(DotAttribute.FontName, "Helvetica").Set(DotAttribute.FontSize, "10")
            .Set(DotAttribute.Style, "filled").Set(DotAttribute.Margin, "0.08,0.04");
        graph.EdgeDefaults.Set(DotAttribute.FontName, "Helvetica").Set(DotAttribute.FontSize, "8")
            .Set(DotAttribute.Direction, "none").Set(DotAttribute.Color, onPath is null ? "#707070" : DimLine)
            .Set(DotAttribute.FontColor, onPath is null ? "#505050" : DimText);

        var sites = SiteClusters(graph);
        var devices = image.Devices;
        var placed = new bool[devices.Count];
        for (var d = 0; d < devices.Count; d++)
        {
            if (IsGroupedGuest(d)) continue;
            PlaceDevice(Container(sites, graph, Site(d)), d, onPath, marks, placed);
        }

        var segments = image.Segments;
        for (var s = 0; s < segments.Count; s++)
        {
            var name = image.String(segments.Name[s]);
            var node = Container(sites, graph, SiteOfName(name)).AddNode(SegmentId(s));
            var lines = new List<string> { ShortName(name), DevicePictureStyle.Of(segments.Kind[s], segments.Id[s]) };
            if (_notes.SegmentRanges.TryGetValue(name, out var ranges)) lines.AddRange(ranges);
            node.Attributes.SetLines(DotAttribute.Label, lines)
                .Set(DotAttribute.Shape, "box")
                .Set(DotAttribute.Style, "rounded,filled")
                .Set(DotAttribute.FillColor, onPath is null ? "#fafad2" : DimFill)
                .Set(DotAttribute.Color, onPath is null ? "#b0a060" : DimLine)
                .Set(DotAttribute.FontSize, "8")
                .Set(DotAttribute.Height, "0.2");
            if (onPath is not null) node.Attributes.Set(DotAttribute.FontColor, DimText);
        }

        // Edges point away from the clients, so the layers read from where traffic starts (left) inwards.
        var (deviceDepth, segmentDepth) = Depths();
        var interfaces = image.Interfaces;
        for (var i = 0; i < interfaces.Count; i++)
        {
            var segment = interfaces.Segment[i];
            if (segment < 0) continue;
            var device = interfaces.Device[i];
            var label = PacketHeader.Format(interfaces.Address[i]) + (interfaces.Shared[i] ? " (shared)" : "");
            var edge = segmentDepth[segment] < deviceDepth[device]
                ? graph.AddEdge(SegmentId(segment), DeviceId(device))
                : graph.AddEdge(DeviceId(device), SegmentId(segment));
            edge.Attributes.Set(DotAttribute.Label, label);
        }

        for (var d = 0; d < devices.Count; d++)
        {
            var host = devices.Host[d];
            if (host < 0) continue;
            // The host sits above what runs on it; the arrow still points from the guest to its host.
            var edge = graph.AddEdge(DeviceId(host), DeviceId(d));
            if (IsGroupedGuest(d)) edge.Attributes.Set(DotAttribute.Style, "invis");
            else edge.Attributes.Set(DotAttribute.Style, "dotted").Set(DotAttribute.Label, "runs on").Set(DotAttribute.ArrowTail, "empty")
                .Set(DotAttribute.Direction, "back");
        }

        DrawTunnels(graph, onPath is not null, pathPairs);
        return graph;
    }

    /// <summary>Breadth-first distance of every device and segment from the clients, over interfaces and placement.</summary>
    private (int[] Devices, int[] Segments) Depths()
    {
        var devices = new int[image.Devices.Count];
        var segments = new int[image.Segments.Count];
        Array.Fill(devices, int.MaxValue);
        Array.Fill(segments, int.MaxValue);
        var queue = new Queue<(bool IsSegment, int Row)>();
        for (var d = 0; d < devices.Length; d++)
        {
            if (image.Devices.Kind[d] != DeviceKind.Client) continue;
            devices[d] = 0;
            queue.Enqueue((false, d));
        }
        if (queue.Count == 0 && devices.Length > 0)
        {
            devices[0] = 0;
            queue.Enqueue((false, 0));
        }
        var interfaces = image.Interfaces;
        while (queue.Count > 0)
        {
            var (isSegment, row) = queue.Dequeue();
            var depth = (isSegment ? segments[row] : devices[row]) + 1;
            for (var i = 0; i < interfaces.Count; i++)
            {
                var segment = interfaces.Segment[i];
                var device = interfaces.Device[i];
                if (segment < 0) continue;
                if (isSegment && segment == row && devices[device] == int.MaxValue)
                {
                    devices[device] = depth;
                    queue.Enqueue((false, device));
                }
                else if (!isSegment && device == row && segments[segment] == int.MaxValue)
                {
                    segments[segment] = depth;
                    queue.Enqueue((true, segment));
                }
            }
            if (isSegment) continue;
            for (var d = 0; d < devices.Length; d++)
            {
                var related = image.Devices.Host[d] == row ? d : image.Devices.Host[row] == d ? d : -1;
                if (related < 0 || devices[related] != int.MaxValue) continue;
                devices[related] = depth;
                queue.Enqueue((false, related));
            }
        }
        return (devices, segments);
    }

    /// <summary>Tunnels as dashed edges; a flow's own legs replace the tunnel edge between the same two devices.</summary>
    private void DrawTunnels(DotGraph graph, bool dim, HashSet<(int, int)> pathPairs)
    {
        var tunnels = image.Tunnels;
        for (var t = 0; t < tunnels.Count; t++)
        {
            var kind = tunnels.Kind[t];
            var label = Words.Of(kind) + " " + ShortName(image.String(tunnels.Name[t]));
            if (tunnels.StretchedSegment[t] >= 0) label += " stretching " + ShortName(image.String(image.Segments.Name[tunnels.StretchedSegment[t]]));
            var first = tunnels.FirstEndpoint[t];
            var count = tunnels.EndpointCount[t];
            var color = dim ? DimLine : kind switch
            {
                TunnelKind.Vxlan => "#6a3d9a",
                TunnelKind.IpInIp => "#e66100",
                TunnelKind.Ipsec => "#b2182b",
                _ => "#1b7837",
            };
            for (var a = 0; a < count; a++)
            {
                for (var b = a + 1; b < count; b++)
                {
                    var from = image.TunnelEndpoints.Device[first + a];
                    var to = image.TunnelEndpoints.Device[first + b];
                    if (from < 0 || to < 0 || from == to || pathPairs.Contains(Unordered(from, to))) continue;
                    graph.AddEdge(DeviceId(from), DeviceId(to)).Attributes
                        .Set(DotAttribute.Style, "dashed")
                        .Set(DotAttribute.Color, color)
                        .Set(DotAttribute.FontColor, dim ? DimText : color)
                        .Set(DotAttribute.PenWidth, "1.4")
                        .Set(DotAttribute.XLabel, label)
                        .Set(DotAttribute.Constraint, "false");
                }
            }
        }
    }

    /// <summary>A device and, grouped in a box with it, the guests that run on it in the same site.</summary>
    private void PlaceDevice(DotSubgraph container, int device, HashSet<int>? onPath, Dictionary<int, List<(string Text, string Color)>>? marks, bool[] placed)
    {
        if (placed[device]) return;
        placed[device] = true;
        var guests = Enumerable.Range(0, image.Devices.Count).Where(g => image.Devices.Host[g] == device && IsGroupedGuest(g)).ToList();
        var target = container;
        if (guests.Count > 0)
        {
            target = container.AddSubgraph("on:" + image.String(image.Devices.Name[device]));
            target.Attributes.Set(DotAttribute.Label, "").Set(DotAttribute.Style, "rounded,dashed")
                .Set(DotAttribute.Color, onPath is null ? "#9a9a9a" : DimLine);
        }
        DeviceNode(target, device, onPath, marks);
        foreach (var guest in guests) PlaceDevice(target, guest, onPath, marks, placed);
    }

    private void DeviceNode(DotSubgraph container, int device, HashSet<int>? onPath, Dictionary<int, List<(string Text, string Color)>>? marks)
    {
        var devices = image.Devices;
        var (shape, fill, word) = DevicePictureStyle.Of(devices.Kind[device]);
        var name = image.String(devices.Name[device]);
        var lines = new List<string> { ShortName(name), word };
        var interfaces = image.Interfaces;
        for (var i = 0; i < interfaces.Count; i++)
        {
            if (interfaces.Device[i] == device && interfaces.Segment[i] < 0) lines.Add(PacketHeader.Format(interfaces.Address[i]));
        }
        var node = container.AddNode(DeviceId(device));
        var dimmed = onPath is not null && !onPath.Contains(device);
        if (marks is not null && marks.TryGetValue(device, out var deviceMarks)) lines.AddRange(deviceMarks.Select(m => m.Text));
        node.Attributes
            .SetLines(DotAttribute.Label, lines)
            .Set(DotAttribute.Shape, shape)
            .Set(DotAttribute.FillColor, dimmed ? DimFill : fill)
            .Set(DotAttribute.Tooltip, name + (devices.Description[device] > 0 ? ": " + image.String(devices.Description[device]) : ""));
        if (dimmed) node.Attributes.Set(DotAttribute.Color, DimLine).Set(DotAttribute.FontColor, DimText);
        if (devices.Kind[device] is DeviceKind.Vm or DeviceKind.Pod) node.Attributes.Set(DotAttribute.Style, "rounded,filled");
        if (onPath is not null && onPath.Contains(device))
        {
            node.Attributes.Set(DotAttribute.Color, ForwardColor);
            if (marks is not null && marks.TryGetValue(device, out var m) && m.Count > 0) node.Attributes.Set(DotAttribute.FontColor, m[^1].Color);
        }
    }

    private Dictionary<string, DotSubgraph> SiteClusters(DotGraph graph)
    {
        var order = new List<string>();
        for (var d = 0; d < image.Devices.Count; d++)
        {
            for (var site = Site(d); site.Length > 0; site = Parent(site)) if (!order.Contains(site)) order.Add(site);
        }
        var clusters = new Dictionary<string, DotSubgraph>(StringComparer.Ordinal);
        // Parents before children, and in declaration order, so the layout follows the files.
        foreach (var site in order.OrderBy(s => s.Count(c => c == '.')).ThenBy(order.IndexOf))
        {
            var parent = Parent(site);
            var container = parent.Length > 0 ? clusters[parent] : graph.Root;
            var cluster = container.AddSubgraph("site:" + site);
            var lines = new List<string> { ShortName(site) + (_notes.SiteDescriptions.TryGetValue(site, out var d) && d.Length > 0 ? ": " + d : "") };
            if (_notes.SiteRanges.TryGetValue(site, out var ranges)) lines.AddRange(ranges);
            cluster.Attributes.SetLines(DotAttribute.Label, lines, leftAligned: true)
                .Set(DotAttribute.LabelJust, "l")
                .Set(DotAttribute.Style, "rounded,filled")
                .Set(DotAttribute.FillColor, (site.Count(c => c == '.') % 2) == 0 ? "#f7f9fc" : "#ffffff")
                .Set(DotAttribute.Color, "#8aa0b8")
                .Set(DotAttribute.FontSize, "11");
            clusters[site] = cluster;
        }
        return clusters;
    }

    private static DotSubgraph Container(Dictionary<string, DotSubgraph> sites, DotGraph graph, string site) =>
        site.Length > 0 && sites.TryGetValue(site, out var cluster) ? cluster : graph.Root;

    /// <summary>A guest drawn inside its host's box: it runs on a device of the same site.</summary>
    private bool IsGroupedGuest(int device)
    {
        var host = image.Devices.Host[device];
        return host >= 0 && host != device && Site(host) == Site(device);
    }

    private string Site(int device) => image.String(image.Devices.Site[device]);

    /// <summary>The site a qualified name is declared in: its longest prefix that is a device's site (or a parent of one).</summary>
    private string SiteOfName(string qualifiedName)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < image.Devices.Count; d++)
        {
            for (var site = Site(d); site.Length > 0; site = Parent(site)) known.Add(site);
        }
        for (var prefix = Parent(qualifiedName); prefix.Length > 0; prefix = Parent(prefix)) if (known.Contains(prefix)) return prefix;
        return "";
    }

    private static string Parent(string qualifiedName)
    {
        var dot = qualifiedName.LastIndexOf('.');
        return dot < 0 ? "" : qualifiedName[..dot];
    }

    private static string ShortName(string qualifiedName) => qualifiedName[(qualifiedName.LastIndexOf('.') + 1)..];

    private string DeviceId(int device) => "device:" + image.String(image.Devices.Name[device]);

    private string SegmentId(int segment) => "segment:" + image.String(image.Segments.Name[segment]);
}
