using Netflow.Compiler.Lowering;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>
/// The fast path (<see cref="ForwardingEngine.Run"/>) against the full-trace engine: the same disposition, end, final
/// header and hop count for every packet and its reply, on every sample's flows and on packets between every pair
/// of devices' addresses, in the samples and in a generated network.
/// </summary>
public sealed class FastPathTests
{
    public static TheoryData<string> SampleFolders()
    {
        var folders = new TheoryData<string> { "samples/ibm-cloud-hybrid" };
        foreach (var variant in Directory.EnumerateDirectories(Path.Combine(Samples.Root(), "samples", "variants")).Order(StringComparer.Ordinal))
            folders.Add("samples/variants/" + Path.GetFileName(variant));
        return folders;
    }

    [Theory]
    [MemberData(nameof(SampleFolders))]
    public void Every_flow_and_its_reply_end_the_same_on_both_paths(string folder)
    {
        var engine = Engine(folder);
        var image = engine.Image;
        var results = new FlowRunner(engine).RunAll();
        results.ShouldNotBeEmpty();
        foreach (var result in results)
            AgreeOn(engine, image.Flows.SourceDevice[result.Flow], result.Forward.Start, $"flow {image.String(image.Flows.Name[result.Flow])}");
    }

    [Theory]
    [MemberData(nameof(SampleFolders))]
    public void Packets_between_all_addresses_end_the_same_on_both_paths(string folder) =>
        AgreeBetweenAllAddresses(Engine(folder), maxTargets: 40);

    /// <summary>
    /// The sample's engine, errors or not: the routing-loop variant is an error (NF-checked) that the engine must still
    /// run into as a loop, the fast path's own loop detection included.
    /// </summary>
    private static ForwardingEngine Engine(string folder) => new(ImageCompiler.Compile(Samples.Compile(Samples.Files(folder))));

    [Fact]
    public void Packets_in_a_generated_network_end_the_same_on_both_paths() =>
        AgreeBetweenAllAddresses(Samples.Run(new Dictionary<string, string> { ["net.netflow"] = Netflow.Testing.GeneratedNetworks.LineOfPeers(12) }).Engine, maxTargets: 40);

    [Fact]
    public void The_routing_loop_variant_loops_on_the_fast_path_too()
    {
        var engine = Engine("samples/variants/routing-loop");
        var loops = 0;
        for (var f = 0; f < engine.Image.Flows.Count; f++)
        {
            var forward = new FlowRunner(engine).Run(f).Forward;
            if (forward.End.Kind == EndKind.Loop)
            {
                loops++;
                engine.Run(engine.Image.Flows.SourceDevice[f], forward.Start, new NatSessions()).End.Kind.ShouldBe(EndKind.Loop);
            }
        }
        loops.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Reachability_on_all_cores_gives_the_answers_of_one_thread_in_the_same_order()
    {
        var engine = Engine("samples/ibm-cloud-hybrid");
        var devices = Enumerable.Range(0, engine.Image.Devices.Count).ToList();
        var targets = devices.SelectMany(d => Reachability.ServedBy(engine.Image, d).Select(s => (d, s))).ToList();

        var parallel = Reachability.Run(engine, devices, targets);
        var serial = Reachability.Run(engine, devices, targets, maxDegreeOfParallelism: 1);

        parallel.ShouldBe(serial);
        parallel.Length.ShouldBe(devices.Count * targets.Count - targets.Count);
        parallel.ShouldContain(a => a.Holds);
        parallel.ShouldContain(a => !a.Holds);
    }

    [Fact]
    public void A_reused_session_table_gives_the_same_answers_as_a_fresh_one()
    {
        var (image, engine, results) = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var reused = new NatSessions();
        foreach (var result in results)
        {
            reused.Clear();
            var source = image.Flows.SourceDevice[result.Flow];
            engine.Run(source, result.Forward.Start, reused).ShouldBe(engine.Run(source, result.Forward.Start, new NatSessions()));
        }
    }

    /// <summary>From every device, tcp, udp and icmp packets to up to <paramref name="maxTargets"/> interface addresses.</summary>
    private static void AgreeBetweenAllAddresses(ForwardingEngine engine, int maxTargets)
    {
        var image = engine.Image;
        var step = Math.Max(1, image.Interfaces.Count / maxTargets);
        for (var source = 0; source < image.Devices.Count; source++)
        {
            for (var i = 0; i < image.Interfaces.Count; i += step)
            {
                var destination = image.Interfaces.Address[i];
                var from = engine.SourceAddress(source, destination);
                AgreeOn(engine, source, new PacketHeader(from, destination, Protocol.Tcp, 49152, 443), "tcp");
                AgreeOn(engine, source, new PacketHeader(from, destination, Protocol.Udp, 49152, 53), "udp");
                AgreeOn(engine, source, new PacketHeader(from, destination, Protocol.Icmp, 0, 0), "icmp");
            }
        }
    }

    private static void AgreeOn(ForwardingEngine engine, int source, PacketHeader header, string what)
    {
        var (fullSessions, fastSessions) = (new NatSessions(), new NatSessions());
        var full = engine.Execute(source, header, fullSessions);
        var fast = engine.Run(source, header, fastSessions);
        var context = $"{what}: {header} from {engine.DeviceName(source)}";
        Same(full, fast, context);
        if (full.Disposition != Disposition.Accepted) return;

        var fullReply = engine.Execute(full.LastDevice, full.Final.Reply(), fullSessions, opensConnection: false);
        var fastReply = engine.Run(fast.LastDevice, fast.Final.Reply(), fastSessions, opensConnection: false);
        Same(fullReply, fastReply, "the reply of " + context);
    }

    private static void Same(Trace full, Outcome fast, string context)
    {
        fast.Disposition.ShouldBe(full.Disposition, context);
        fast.End.ShouldBe(full.End, context);
        fast.Final.ShouldBe(full.Final, context);
        fast.Hops.ShouldBe(full.Hops.Count, context);
    }
}
