using System.Runtime.InteropServices;

namespace Netflow.Runtime.Image;

/// <summary>
/// The invariants every table image keeps, checked before writing and after reading so that the engine can index
/// with any column it loads: the columns of a table agree in length; every row reference is in range (or -1 where
/// the table's comment allows none); every row range lies inside its table; vocabulary bytes are defined members;
/// booleans are 0 or 1; prefix lengths are 0..32; ports are -1..65535. Returns the first problem found as a phrase
/// ("route 3 has NextHopDevice 17, which is not a device row or -1 (there are 5 devices)"), or null.
/// </summary>
internal static class ImageValidator
{
    public static string? Validate(NetworkImage image) =>
        ColumnLengths(image) ?? Strings(image) ?? SourceMap(image) ?? Devices(image) ?? Interfaces(image) ?? Segments(image) ??
        Routes(image) ?? OwnedRoutes(image) ?? SourceNats(image) ?? DestinationNats(image) ?? NatTargets(image) ?? Tunnels(image) ??
        TunnelEndpoints(image) ?? Dns(image) ?? Flows(image) ?? FlowSteps(image);

    private static string? ColumnLengths(NetworkImage image)
    {
        if (image.Strings is null || image.Sources is null || image.Devices is null || image.Interfaces is null ||
            image.Segments is null || image.Routes is null || image.SourceNats is null || image.DestinationNats is null ||
            image.NatTargets is null || image.Tunnels is null || image.TunnelEndpoints is null || image.Dns is null ||
            image.Flows is null || image.FlowSteps is null)
        {
            return "a table is missing (null)";
        }

        var s = image.Sources;
        var d = image.Devices;
        var i = image.Interfaces;
        var g = image.Segments;
        var r = image.Routes;
        var sn = image.SourceNats;
        var dn = image.DestinationNats;
        var nt = image.NatTargets;
        var t = image.Tunnels;
        var te = image.TunnelEndpoints;
        var dns = image.Dns;
        var f = image.Flows;
        var fs = image.FlowSteps;
        return Same(ImageLayout.Sources, ("File", s.File), ("Line", s.Line), ("Column", s.Column)) ??
            Same(ImageLayout.Devices, ("Name", d.Name), ("Description", d.Description), ("Kind", d.Kind), ("Host", d.Host),
                ("Site", d.Site), ("Resolver", d.Resolver), ("FirstRoute", d.FirstRoute), ("RouteCount", d.RouteCount),
                ("Source", d.Source)) ??
            Same(ImageLayout.Interfaces, ("Device", i.Device), ("Name", i.Name), ("Address", i.Address), ("Segment", i.Segment),
                ("Shared", i.Shared), ("Source", i.Source)) ??
            Same(ImageLayout.Segments, ("Name", g.Name), ("Kind", g.Kind), ("Id", g.Id), ("Source", g.Source)) ??
            Same(ImageLayout.Routes, ("Device", r.Device), ("Network", r.Network), ("Length", r.Length), ("Action", r.Action),
                ("NextHopDevice", r.NextHopDevice), ("NextHopAddress", r.NextHopAddress), ("OutInterface", r.OutInterface),
                ("Tunnel", r.Tunnel), ("Source", r.Source)) ??
            Same(ImageLayout.SourceNats, ("Device", sn.Device), ("MatchNetwork", sn.MatchNetwork), ("MatchLength", sn.MatchLength),
                ("TowardNetwork", sn.TowardNetwork), ("TowardLength", sn.TowardLength), ("Target", sn.Target),
                ("TargetAddress", sn.TargetAddress), ("Source", sn.Source)) ??
            Same(ImageLayout.DestinationNats, ("Device", dn.Device), ("Address", dn.Address), ("Port", dn.Port),
                ("Protocol", dn.Protocol), ("FirstTarget", dn.FirstTarget), ("TargetCount", dn.TargetCount), ("Source", dn.Source)) ??
            Same(ImageLayout.NatTargets, ("Address", nt.Address), ("Port", nt.Port), ("Device", nt.Device)) ??
            Same(ImageLayout.Tunnels, ("Name", t.Name), ("Kind", t.Kind), ("Mode", t.Mode), ("StretchedSegment", t.StretchedSegment),
                ("FirstEndpoint", t.FirstEndpoint), ("EndpointCount", t.EndpointCount), ("Source", t.Source)) ??
            Same(ImageLayout.TunnelEndpoints, ("Device", te.Device), ("Address", te.Address)) ??
            Same(ImageLayout.Dns, ("Name", dns.Name), ("Address", dns.Address), ("Server", dns.Server), ("Source", dns.Source)) ??
            Same(ImageLayout.Flows, ("Name", f.Name), ("Title", f.Title), ("SourceDevice", f.SourceDevice),
                ("DestinationKind", f.DestinationKind), ("DestinationName", f.DestinationName),
                ("DestinationAddress", f.DestinationAddress), ("DestinationDevice", f.DestinationDevice), ("Port", f.Port),
                ("Protocol", f.Protocol), ("Expected", f.Expected), ("FirstStep", f.FirstStep), ("StepCount", f.StepCount),
                ("Source", f.Source)) ??
            Same(ImageLayout.FlowSteps, ("Kind", fs.Kind), ("Device", fs.Device), ("Encapsulation", fs.Encapsulation),
                ("Address", fs.Address), ("ArgumentDevice", fs.ArgumentDevice), ("Text", fs.Text), ("Source", fs.Source));
    }

    private static string? Same(ImageLayout.Section table, params (string Name, Array? Column)[] columns)
    {
        foreach (var (name, column) in columns)
        {
            if (column is null)
            {
                return $"column {name} of the {table.Name} is missing (null)";
            }
        }

        var (firstName, first) = columns[0];
        foreach (var (name, column) in columns)
        {
            if (column!.Length != first!.Length)
            {
                return $"column {name} of the {table.Name} has {column.Length} rows, but column {firstName} has {first.Length}";
            }
        }

        return null;
    }

    private static string? Strings(NetworkImage image)
    {
        var strings = image.Strings;
        if (strings.Length == 0 || strings[0] != "")
        {
            return "string row 0 is not the empty string";
        }

        for (int row = 0; row < strings.Length; row++)
        {
            if (strings[row] is null)
            {
                return $"string {row} is missing (null)";
            }
        }

        return null;
    }

    private static string? SourceMap(NetworkImage image)
    {
        var s = image.Sources;
        if (s.Count == 0)
        {
            return "the source map has no row 0 (\"no declaration\")";
        }

        const string Noun = "source map row";
        return StringRows(image, s.File, Noun, "File") ?? AtLeast(s.Line, 0, Noun, "Line") ?? AtLeast(s.Column, 0, Noun, "Column");
    }

    private static string? Devices(NetworkImage image)
    {
        var d = image.Devices;
        const string Noun = "device";
        return StringRows(image, d.Name, Noun, "Name") ??
            StringRows(image, d.Description, Noun, "Description") ??
            Vocabulary(d.Kind, Noun, "Kind") ??
            Rows(d.Host, d.Count, true, Noun, "Host", "device") ??
            StringRows(image, d.Site, Noun, "Site") ??
            Rows(d.Resolver, d.Count, true, Noun, "Resolver", "device") ??
            Range(d.FirstRoute, d.RouteCount, image.Routes.Count, Noun, "FirstRoute", "RouteCount", "route") ??
            SourceRows(image, d.Source, Noun);
    }

    /// <summary>The routes in a device's range are that device's: so the ranges of two devices never overlap.</summary>
    private static string? OwnedRoutes(NetworkImage image)
    {
        var d = image.Devices;
        var routeDevice = image.Routes.Device;
        for (int device = 0; device < d.Count; device++)
        {
            int first = d.FirstRoute[device], end = first + d.RouteCount[device];
            for (int route = first; route < end; route++)
            {
                if (routeDevice[route] != device)
                {
                    return $"device {device} has routes {first}..{end - 1}, but route {route} has Device {routeDevice[route]}";
                }
            }
        }

        return null;
    }

    private static string? Interfaces(NetworkImage image)
    {
        var i = image.Interfaces;
        const string Noun = "interface";
        return Rows(i.Device, image.Devices.Count, false, Noun, "Device", "device") ??
            StringRows(image, i.Name, Noun, "Name") ??
            Rows(i.Segment, image.Segments.Count, true, Noun, "Segment", "segment") ??
            Booleans(i.Shared, Noun, "Shared") ??
            SourceRows(image, i.Source, Noun);
    }

    private static string? Segments(NetworkImage image)
    {
        var g = image.Segments;
        const string Noun = "segment";
        return StringRows(image, g.Name, Noun, "Name") ?? Vocabulary(g.Kind, Noun, "Kind") ?? SourceRows(image, g.Source, Noun);
    }

    private static string? Routes(NetworkImage image)
    {
        var r = image.Routes;
        const string Noun = "route";
        return Rows(r.Device, image.Devices.Count, false, Noun, "Device", "device") ??
            PrefixLengths(r.Length, Noun, "Length") ??
            Vocabulary(r.Action, Noun, "Action") ??
            Rows(r.NextHopDevice, image.Devices.Count, true, Noun, "NextHopDevice", "device") ??
            Rows(r.OutInterface, image.Interfaces.Count, true, Noun, "OutInterface", "interface") ??
            Rows(r.Tunnel, image.Tunnels.Count, true, Noun, "Tunnel", "tunnel") ??
            SourceRows(image, r.Source, Noun);
    }

    private static string? SourceNats(NetworkImage image)
    {
        var n = image.SourceNats;
        const string Noun = "source NAT rule";
        return Rows(n.Device, image.Devices.Count, false, Noun, "Device", "device") ??
            PrefixLengths(n.MatchLength, Noun, "MatchLength") ??
            PrefixLengths(n.TowardLength, Noun, "TowardLength") ??
            Vocabulary(n.Target, Noun, "Target") ??
            SourceRows(image, n.Source, Noun);
    }

    private static string? DestinationNats(NetworkImage image)
    {
        var n = image.DestinationNats;
        const string Noun = "destination NAT rule";
        return Rows(n.Device, image.Devices.Count, false, Noun, "Device", "device") ??
            Ports(n.Port, Noun, "Port") ??
            Vocabulary(n.Protocol, Noun, "Protocol") ??
            Range(n.FirstTarget, n.TargetCount, image.NatTargets.Count, Noun, "FirstTarget", "TargetCount", "NAT target") ??
            SourceRows(image, n.Source, Noun);
    }

    private static string? NatTargets(NetworkImage image)
    {
        var n = image.NatTargets;
        const string Noun = "NAT target";
        return Ports(n.Port, Noun, "Port") ?? Rows(n.Device, image.Devices.Count, true, Noun, "Device", "device");
    }

    private static string? Tunnels(NetworkImage image)
    {
        var t = image.Tunnels;
        const string Noun = "tunnel";
        return StringRows(image, t.Name, Noun, "Name") ??
            Vocabulary(t.Kind, Noun, "Kind") ??
            Vocabulary(t.Mode, Noun, "Mode") ??
            Rows(t.StretchedSegment, image.Segments.Count, true, Noun, "StretchedSegment", "segment") ??
            Range(t.FirstEndpoint, t.EndpointCount, image.TunnelEndpoints.Count, Noun, "FirstEndpoint", "EndpointCount", "tunnel endpoint") ??
            SourceRows(image, t.Source, Noun);
    }

    private static string? TunnelEndpoints(NetworkImage image) =>
        Rows(image.TunnelEndpoints.Device, image.Devices.Count, false, "tunnel endpoint", "Device", "device");

    private static string? Dns(NetworkImage image)
    {
        var d = image.Dns;
        const string Noun = "DNS record";
        return StringRows(image, d.Name, Noun, "Name") ??
            Rows(d.Server, image.Devices.Count, false, Noun, "Server", "device") ??
            SourceRows(image, d.Source, Noun);
    }

    private static string? Flows(NetworkImage image)
    {
        var f = image.Flows;
        const string Noun = "flow";
        return StringRows(image, f.Name, Noun, "Name") ??
            StringRows(image, f.Title, Noun, "Title") ??
            Rows(f.SourceDevice, image.Devices.Count, false, Noun, "SourceDevice", "device") ??
            Vocabulary(f.DestinationKind, Noun, "DestinationKind") ??
            StringRows(image, f.DestinationName, Noun, "DestinationName") ??
            Rows(f.DestinationDevice, image.Devices.Count, true, Noun, "DestinationDevice", "device") ??
            Ports(f.Port, Noun, "Port") ??
            Vocabulary(f.Protocol, Noun, "Protocol") ??
            Vocabulary(f.Expected, Noun, "Expected") ??
            Range(f.FirstStep, f.StepCount, image.FlowSteps.Count, Noun, "FirstStep", "StepCount", "flow step") ??
            SourceRows(image, f.Source, Noun);
    }

    private static string? FlowSteps(NetworkImage image)
    {
        var s = image.FlowSteps;
        const string Noun = "flow step";
        return Vocabulary(s.Kind, Noun, "Kind") ??
            Rows(s.Device, image.Devices.Count, true, Noun, "Device", "device") ??
            Vocabulary(s.Encapsulation, Noun, "Encapsulation") ??
            Rows(s.ArgumentDevice, image.Devices.Count, true, Noun, "ArgumentDevice", "device") ??
            StringRows(image, s.Text, Noun, "Text") ??
            SourceRows(image, s.Source, Noun);
    }

    private static string? StringRows(NetworkImage image, int[] column, string noun, string name) =>
        Rows(column, image.Strings.Length, false, noun, name, "string");

    private static string? SourceRows(NetworkImage image, int[] column, string noun) =>
        Rows(column, image.Sources.Count, false, noun, "Source", "source map");

    /// <summary>Every value a row of a table with <paramref name="count"/> rows, or -1 if <paramref name="noneAllowed"/>.</summary>
    private static string? Rows(int[] column, int count, bool noneAllowed, string noun, string name, string target)
    {
        int min = noneAllowed ? -1 : 0;
        for (int row = 0; row < column.Length; row++)
        {
            int value = column[row];
            if (value < min || value >= count)
            {
                string what = noneAllowed ? $"a {target} row or -1" : $"a {target} row";
                string rows = target == "source map" ? $"the source map has {count} rows" : $"there are {count} {Plural(target)}";
                return $"{noun} {row} has {name} {value}, which is not {what} ({rows})";
            }
        }

        return null;
    }

    private static string Plural(string noun) => noun + "s";

    /// <summary>Every row's <c>first .. first + count</c> lies within a table of <paramref name="targetCount"/> rows.</summary>
    private static string? Range(int[] first, int[] count, int targetCount, string noun, string firstName, string countName, string target)
    {
        for (int row = 0; row < first.Length; row++)
        {
            long start = first[row], length = count[row];
            if (start < 0 || length < 0 || start + length > targetCount)
            {
                return $"{noun} {row} has {firstName} {start} and {countName} {length}, which is not a range of the " +
                    $"{targetCount} {Plural(target)}";
            }
        }

        return null;
    }

    private static string? AtLeast(int[] column, int min, string noun, string name)
    {
        for (int row = 0; row < column.Length; row++)
        {
            if (column[row] < min)
            {
                return $"{noun} {row} has {name} {column[row]}, which is less than {min}";
            }
        }

        return null;
    }

    private static string? Ports(int[] column, string noun, string name)
    {
        for (int row = 0; row < column.Length; row++)
        {
            if (column[row] < -1 || column[row] > ImageLayout.MaxPort)
            {
                return $"{noun} {row} has {name} {column[row]}, which is not a port or -1";
            }
        }

        return null;
    }

    private static string? PrefixLengths(byte[] column, string noun, string name)
    {
        for (int row = 0; row < column.Length; row++)
        {
            if (column[row] > 32)
            {
                return $"{noun} {row} has {name} {column[row]}, which is not a prefix length (0 to 32)";
            }
        }

        return null;
    }

    private static string? Booleans(bool[] column, string noun, string name)
    {
        var bytes = MemoryMarshal.AsBytes(column.AsSpan());
        for (int row = 0; row < bytes.Length; row++)
        {
            if (bytes[row] > 1)
            {
                return $"{noun} {row} has {name} {bytes[row]}, which is not a boolean (0 or 1)";
            }
        }

        return null;
    }

    private static string? Vocabulary<T>(T[] column, string noun, string name)
        where T : unmanaged, Enum
    {
        var bytes = MemoryMarshal.AsBytes(column.AsSpan());
        var defined = Defined<T>.Bytes;
        for (int row = 0; row < bytes.Length; row++)
        {
            if (!defined[bytes[row]])
            {
                return $"{noun} {row} has {name} {bytes[row]}, which is not a {typeof(T).Name} this netflow knows";
            }
        }

        return null;
    }

    /// <summary>Which byte values are members of a vocabulary (every vocabulary is a byte enum).</summary>
    private static class Defined<T>
        where T : unmanaged, Enum
    {
        public static readonly bool[] Bytes = Build();

        private static bool[] Build()
        {
            var bytes = new bool[256];
            foreach (T value in Enum.GetValues<T>())
            {
                bytes[MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value))[0]] = true;
            }

            return bytes;
        }
    }
}
