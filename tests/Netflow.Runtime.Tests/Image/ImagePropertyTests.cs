using System.Buffers.Binary;
using CsCheck;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary>Random images (consistent column lengths, references in range) round-trip through bytes unchanged.</summary>
public sealed class ImagePropertyTests
{
    /// <summary>How many rows each table has; tables that must name a device are empty when there is none.</summary>
    private sealed record Sizes(
        int Strings, int Sources, int Devices, int Interfaces, int Segments, int Routes, int SourceNats, int DestinationNats,
        int NatTargets, int Tunnels, int TunnelEndpoints, int Dns, int Flows, int FlowSteps)
    {
        public static Sizes From(int[] n)
        {
            int devices = n[2];
            int IfDevices(int count) => devices == 0 ? 0 : count;
            return new Sizes(
                Strings: 1 + n[0], Sources: 1 + n[1], Devices: devices, Interfaces: IfDevices(n[3]), Segments: n[4],
                Routes: IfDevices(n[5] * 2), SourceNats: IfDevices(n[6]), DestinationNats: IfDevices(n[7]), NatTargets: n[8],
                Tunnels: n[9], TunnelEndpoints: IfDevices(n[10]), Dns: IfDevices(n[11]), Flows: IfDevices(n[12]), FlowSteps: n[13]);
        }
    }

    /// <summary>Strings of ASCII, accented letters, CJK and characters outside the BMP (whole surrogate pairs).</summary>
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Char["abcxyz019 .-_/éüß日本☕"].Array[0, 12].Select(chars => new string(chars)),
        Gen.OneOfConst("", "🙂", "r1 🙂 café", new string('x', 300)));

    private static Gen<int[]> Rows(int rows, int count, bool noneAllowed) =>
        count == 0 ? Gen.Const(-1).Array[rows] : Gen.Int[noneAllowed ? -1 : 0, count - 1].Array[rows];

    private static Gen<int[]> Ports(int rows) => Gen.OneOf(Gen.Int[-1, 65_535], Gen.OneOfConst(-1, 0, 65_535)).Array[rows];

    private static Gen<byte[]> PrefixLengths(int rows) => Gen.Byte[0, 32].Array[rows];

    private static Gen<uint[]> Addresses(int rows) => Gen.OneOf(Gen.UInt, Gen.OneOfConst(0u, uint.MaxValue)).Array[rows];

    private static Gen<T[]> Vocabulary<T>(int rows)
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        return Gen.Int[0, values.Length - 1].Select(i => values[i]).Array[rows];
    }

    /// <summary>Arbitrary ranges <c>first .. first + count</c> inside a table of <paramref name="target"/> rows.</summary>
    private static Gen<(int[] First, int[] Count)> Ranges(int rows, int target) =>
        Gen.Int[0, target].SelectMany(first => Gen.Int[0, target - first].Select(count => (first, count))).Array[rows]
            .Select(ranges => (ranges.Select(r => r.first).ToArray(), ranges.Select(r => r.count).ToArray()));

    /// <summary>The routes cut into consecutive per-device runs: each device's first and count, and each route's device.</summary>
    private static Gen<(int[] First, int[] Count, int[] Owner)> Partition(int devices, int routes) =>
        Gen.Int[0, routes].Array[Math.Max(0, devices - 1)].Select(cuts =>
        {
            Array.Sort(cuts);
            var first = new int[devices];
            var count = new int[devices];
            var owner = new int[routes];
            for (int d = 0; d < devices; d++)
            {
                first[d] = d == 0 ? 0 : cuts[d - 1];
                int end = d == devices - 1 ? routes : cuts[d];
                count[d] = end - first[d];
                for (int r = first[d]; r < end; r++)
                {
                    owner[r] = d;
                }
            }

            return (first, count, owner);
        });

    private static readonly Gen<NetworkImage> RandomImage =
        Gen.Int[0, 6].Array[14].Select(Sizes.From).SelectMany(Image);

    private static Gen<NetworkImage> Image(Sizes s) =>
        Gen.Select(
            Gen.Select(Text.Array[s.Strings - 1], SourceMap(s), Partition(s.Devices, s.Routes)),
            Gen.Select(Interfaces(s), Segments(s), SourceNats(s), DestinationNats(s), NatTargets(s)),
            Gen.Select(Tunnels(s), TunnelEndpoints(s), Dns(s), Flows(s), FlowSteps(s)))
        .SelectMany((a, b, c) =>
        {
            var (strings, sources, partition) = a;
            return Gen.Select(Devices(s, partition), Routes(s, partition.Owner), (devices, routes) => new NetworkImage
            {
                Strings = ["", .. strings],
                Sources = sources,
                Devices = devices,
                Interfaces = b.Item1,
                Segments = b.Item2,
                Routes = routes,
                SourceNats = b.Item3,
                DestinationNats = b.Item4,
                NatTargets = b.Item5,
                Tunnels = c.Item1,
                TunnelEndpoints = c.Item2,
                Dns = c.Item3,
                Flows = c.Item4,
                FlowSteps = c.Item5,
            });
        });

    private static Gen<SourceMap> SourceMap(Sizes s) =>
        Gen.Select(Rows(s.Sources, s.Strings, false), Gen.Int[0, 10_000].Array[s.Sources], Gen.Int[0, 200].Array[s.Sources],
            (file, line, column) => new SourceMap { File = file, Line = line, Column = column });

    private static Gen<DeviceTable> Devices(Sizes s, (int[] First, int[] Count, int[] Owner) partition) =>
        Gen.Select(
            Rows(s.Devices, s.Strings, false), Rows(s.Devices, s.Strings, false), Vocabulary<DeviceKind>(s.Devices),
            Rows(s.Devices, s.Devices, true), Rows(s.Devices, s.Strings, false), Rows(s.Devices, s.Devices, true),
            Rows(s.Devices, s.Sources, false),
            (name, description, kind, host, site, resolver, source) => new DeviceTable
            {
                Name = name,
                Description = description,
                Kind = kind,
                Host = host,
                Site = site,
                Resolver = resolver,
                FirstRoute = partition.First,
                RouteCount = partition.Count,
                Source = source,
            });

    private static Gen<InterfaceTable> Interfaces(Sizes s) =>
        Gen.Select(
            Rows(s.Interfaces, s.Devices, false), Rows(s.Interfaces, s.Strings, false), Addresses(s.Interfaces),
            Rows(s.Interfaces, s.Segments, true), Gen.Bool.Array[s.Interfaces], Rows(s.Interfaces, s.Sources, false),
            (device, name, address, segment, shared, source) => new InterfaceTable
            {
                Device = device,
                Name = name,
                Address = address,
                Segment = segment,
                Shared = shared,
                Source = source,
            });

    private static Gen<SegmentTable> Segments(Sizes s) =>
        Gen.Select(
            Rows(s.Segments, s.Strings, false), Vocabulary<SegmentKind>(s.Segments), Gen.Int.Array[s.Segments],
            Rows(s.Segments, s.Sources, false),
            (name, kind, id, source) => new SegmentTable { Name = name, Kind = kind, Id = id, Source = source });

    private static Gen<RouteTable> Routes(Sizes s, int[] owner) =>
        Gen.Select(
            Addresses(s.Routes), PrefixLengths(s.Routes), Vocabulary<RouteAction>(s.Routes), Rows(s.Routes, s.Devices, true),
            Addresses(s.Routes), Rows(s.Routes, s.Interfaces, true), Rows(s.Routes, s.Tunnels, true), Rows(s.Routes, s.Sources, false),
            (network, length, action, nextHopDevice, nextHopAddress, outInterface, tunnel, source) => new RouteTable
            {
                Device = owner,
                Network = network,
                Length = length,
                Action = action,
                NextHopDevice = nextHopDevice,
                NextHopAddress = nextHopAddress,
                OutInterface = outInterface,
                Tunnel = tunnel,
                Source = source,
                Origin = new RouteOrigin[network.Length],
                LearnedFrom = [.. Enumerable.Repeat(-1, network.Length)],
            });

    private static Gen<SourceNatTable> SourceNats(Sizes s) =>
        Gen.Select(
            Rows(s.SourceNats, s.Devices, false), Addresses(s.SourceNats), PrefixLengths(s.SourceNats), Addresses(s.SourceNats),
            PrefixLengths(s.SourceNats), Vocabulary<SourceNatTarget>(s.SourceNats), Addresses(s.SourceNats),
            Rows(s.SourceNats, s.Sources, false),
            (device, matchNetwork, matchLength, towardNetwork, towardLength, target, targetAddress, source) => new SourceNatTable
            {
                Device = device,
                MatchNetwork = matchNetwork,
                MatchLength = matchLength,
                TowardNetwork = towardNetwork,
                TowardLength = towardLength,
                Target = target,
                TargetAddress = targetAddress,
                Source = source,
                ExceptNetwork = new uint[device.Length],
                ExceptLength = new byte[device.Length],
            });

    private static Gen<DestinationNatTable> DestinationNats(Sizes s) =>
        Gen.Select(
            Rows(s.DestinationNats, s.Devices, false), Addresses(s.DestinationNats), Ports(s.DestinationNats),
            Vocabulary<Protocol>(s.DestinationNats), Ranges(s.DestinationNats, s.NatTargets), Rows(s.DestinationNats, s.Sources, false),
            (device, address, port, protocol, targets, source) => new DestinationNatTable
            {
                Device = device,
                Address = address,
                Port = port,
                Protocol = protocol,
                FirstTarget = targets.First,
                TargetCount = targets.Count,
                Source = source,
            });

    private static Gen<NatTargetTable> NatTargets(Sizes s) =>
        Gen.Select(
            Addresses(s.NatTargets), Ports(s.NatTargets), Rows(s.NatTargets, s.Devices, true),
            (address, port, device) => new NatTargetTable { Address = address, Port = port, Device = device });

    private static Gen<TunnelTable> Tunnels(Sizes s) =>
        Gen.Select(
            Rows(s.Tunnels, s.Strings, false), Vocabulary<TunnelKind>(s.Tunnels), Vocabulary<TunnelMode>(s.Tunnels),
            Rows(s.Tunnels, s.Segments, true), Ranges(s.Tunnels, s.TunnelEndpoints), Rows(s.Tunnels, s.Sources, false),
            (name, kind, mode, stretched, endpoints, source) => new TunnelTable
            {
                Name = name,
                Kind = kind,
                Mode = mode,
                StretchedSegment = stretched,
                FirstEndpoint = endpoints.First,
                EndpointCount = endpoints.Count,
                Source = source,
            });

    private static Gen<TunnelEndpointTable> TunnelEndpoints(Sizes s) =>
        Gen.Select(
            Rows(s.TunnelEndpoints, s.Devices, false), Addresses(s.TunnelEndpoints),
            (device, address) => new TunnelEndpointTable { Device = device, Address = address });

    private static Gen<DnsTable> Dns(Sizes s) =>
        Gen.Select(
            Rows(s.Dns, s.Strings, false), Addresses(s.Dns), Rows(s.Dns, s.Devices, false), Rows(s.Dns, s.Sources, false),
            (name, address, server, source) => new DnsTable { Name = name, Address = address, Server = server, Source = source });

    private static Gen<FlowTable> Flows(Sizes s) =>
        Gen.Select(
            Gen.Select(
                Rows(s.Flows, s.Strings, false), Rows(s.Flows, s.Strings, false), Rows(s.Flows, s.Devices, false),
                Vocabulary<FlowDestinationKind>(s.Flows), Rows(s.Flows, s.Strings, false), Addresses(s.Flows)),
            Gen.Select(
                Rows(s.Flows, s.Devices, true), Ports(s.Flows), Vocabulary<Protocol>(s.Flows), Vocabulary<Disposition>(s.Flows),
                Ranges(s.Flows, s.FlowSteps), Rows(s.Flows, s.Sources, false)),
            (a, b) => new FlowTable
            {
                Name = a.Item1,
                Title = a.Item2,
                SourceDevice = a.Item3,
                DestinationKind = a.Item4,
                DestinationName = a.Item5,
                DestinationAddress = a.Item6,
                DestinationDevice = b.Item1,
                Port = b.Item2,
                Protocol = b.Item3,
                Expected = b.Item4,
                FirstStep = b.Item5.First,
                StepCount = b.Item5.Count,
                Source = b.Item6,
            });

    private static Gen<FlowStepTable> FlowSteps(Sizes s) =>
        Gen.Select(
            Vocabulary<WaypointKind>(s.FlowSteps), Rows(s.FlowSteps, s.Devices, true), Vocabulary<TunnelKind>(s.FlowSteps),
            Addresses(s.FlowSteps), Rows(s.FlowSteps, s.Devices, true), Rows(s.FlowSteps, s.Strings, false),
            Rows(s.FlowSteps, s.Sources, false),
            (kind, device, encapsulation, address, argumentDevice, text, source) => new FlowStepTable
            {
                Kind = kind,
                Device = device,
                Encapsulation = encapsulation,
                Address = address,
                ArgumentDevice = argumentDevice,
                Text = text,
                Source = source,
            });

    [Fact]
    public void Random_images_round_trip() =>
        RandomImage.Sample(image =>
        {
            var bytes = ImageBytes.Write(image);
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)).ShouldBe(Crc32Oracle.Compute(bytes.AsSpan(0, bytes.Length - 4)));
            ImageAssert.ShouldEqual(ImageBytes.Read(bytes), image);
            ImageAssert.ShouldEqual(ImageReader.Read(new NonSeekableStream(bytes, chunk: 1000)), image);
        }, iter: 500);

    [Fact]
    public void Random_images_refuse_every_truncation_and_a_flipped_byte() =>
        Gen.Select(RandomImage, Gen.Int[0, int.MaxValue], Gen.Int[1, 255]).Sample((image, position, mask) =>
        {
            var bytes = ImageBytes.Write(image);
            int offset = position % bytes.Length;

            Should.Throw<ImageFormatException>(() => ImageBytes.Read(bytes[..offset])).Problem
                .ShouldBe(offset == 0 ? ImageFormatProblem.NotAnImage : ImageFormatProblem.Truncated);

            bytes[offset] ^= (byte)mask;
            Should.Throw<ImageFormatException>(() => ImageBytes.Read(bytes));
        }, iter: 500);
}
