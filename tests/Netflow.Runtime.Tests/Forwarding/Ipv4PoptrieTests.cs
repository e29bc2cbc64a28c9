using Netflow.Runtime.Forwarding;
using static Netflow.Runtime.Tests.Forwarding.Ipv4;

namespace Netflow.Runtime.Tests.Forwarding;

/// <summary>
/// The Poptrie layout's own edges: answers in the direct-pointing array, nodes down to the last, 2-bit level, leaf
/// runs that continue across child nodes, full nodes. Answers in general are the property tests' business.
/// </summary>
public sealed class Ipv4PoptrieTests
{
    private const int NoRoute = Ipv4LpmTable.NoRoute;

    private static Ipv4Poptrie Table(params Ipv4Route[] routes) => Ipv4Poptrie.FromRoutes(routes);

    [Fact]
    public void Empty_table_has_no_route_anywhere_and_no_node()
    {
        var table = Table();

        table.NodeCount.ShouldBe(0);
        table.Lookup(0).ShouldBe(NoRoute);
        table.Lookup(uint.MaxValue).ShouldBe(NoRoute);
    }

    [Fact]
    public void Routes_no_longer_than_the_top_level_are_answered_by_it()
    {
        var table = Table(Route("0.0.0.0/0", 0), Route("10.0.0.0/8", 1));

        table.NodeCount.ShouldBe(0);
        table.Lookup(Address("10.255.0.1")).ShouldBe(1);
        table.Lookup(Address("11.0.0.0")).ShouldBe(0);
    }

    [Fact]
    public void Host_routes_reach_the_last_level()
    {
        // Eight top bits, then levels of 6, 6, 6 and 6 bits: a /32 needs all four.
        var table = Table(Route("0.0.0.0/0", 0), Route("192.168.1.10/32", 1), Route("192.168.1.11/32", 2), Route("192.168.1.8/31", 3));

        table.TopBits.ShouldBe(8);
        table.NodeCount.ShouldBe(4);
        table.Lookup(Address("192.168.1.7")).ShouldBe(0);
        table.Lookup(Address("192.168.1.8")).ShouldBe(3);
        table.Lookup(Address("192.168.1.9")).ShouldBe(3);
        table.Lookup(Address("192.168.1.10")).ShouldBe(1);
        table.Lookup(Address("192.168.1.11")).ShouldBe(2);
        table.Lookup(Address("192.168.1.12")).ShouldBe(0);
    }

    [Fact]
    public void A_last_level_shorter_than_a_stride_uses_spread_positions()
    {
        // About 2,000 ranges give 12 top bits: levels of 6, 6, 6 and then only 2 bits.
        var routes = Enumerable.Range(0, 1_000).Select(i => new Ipv4Route((uint)i << 12, 32, i)).ToList();
        routes.Add(new Ipv4Route(0x0000_0001, 32, 5_000));
        var table = Ipv4Poptrie.FromRoutes(routes);

        table.TopBits.ShouldBe(12);
        table.Lookup(0x0000_0000).ShouldBe(0);
        table.Lookup(0x0000_0001).ShouldBe(5_000);
        table.Lookup(0x0000_0002).ShouldBe(NoRoute);
        table.Lookup(0x0000_1000).ShouldBe(1);
        table.Lookup(0x0000_1001).ShouldBe(NoRoute);
    }

    [Fact]
    public void A_run_of_equal_leaves_is_stored_once_even_across_a_child_node()
    {
        // In 10.0.0.0/8's node below the top level: /16s 10.0 to 10.3 go to 1, but 10.1 has a /24 inside it.
        var table = Table(Route("10.0.0.0/14", 1), Route("10.1.2.0/24", 2));

        table.Lookup(Address("10.0.0.1")).ShouldBe(1);
        table.Lookup(Address("10.1.1.1")).ShouldBe(1);
        table.Lookup(Address("10.1.2.1")).ShouldBe(2);
        table.Lookup(Address("10.2.0.1")).ShouldBe(1);
        table.Lookup(Address("10.4.0.1")).ShouldBe(NoRoute);
        table.LeafCount.ShouldBeLessThan(8);
    }

    [Fact]
    public void A_node_whose_children_are_all_nodes_has_no_leaf()
    {
        var routes = Enumerable.Range(0, 64).Select(i => new Ipv4Route(0x0A00_0000u | ((uint)i << 18) | 0x100, 24, i)).ToArray();
        var table = Ipv4Poptrie.FromRoutes(routes);

        for (int i = 0; i < 64; i++)
        {
            uint inside = 0x0A00_0000u | ((uint)i << 18) | 0x101;
            table.Lookup(inside).ShouldBe(i);
            table.Lookup(inside - 0x100).ShouldBe(NoRoute);
        }
    }

    [Fact]
    public void Leaves_take_16_bits_unless_an_answer_does_not_fit()
    {
        var narrow = Table(Route("10.0.0.0/8", 1), Route("10.1.0.0/16", 65_534));
        var wide = Table(Route("10.0.0.0/8", 1), Route("10.1.0.0/16", 65_535));

        narrow.HasNarrowLeaves.ShouldBeTrue();
        narrow.Lookup(Address("10.1.0.1")).ShouldBe(65_534);
        narrow.Lookup(Address("10.2.0.1")).ShouldBe(1);
        narrow.Lookup(Address("11.0.0.1")).ShouldBe(NoRoute);
        wide.HasNarrowLeaves.ShouldBeFalse();
        wide.Lookup(Address("10.1.0.1")).ShouldBe(65_535);
        wide.Lookup(Address("11.0.0.1")).ShouldBe(NoRoute);
    }

    [Fact]
    public void Batch_lookup_gives_the_single_lookups_answers()
    {
        var random = new Random(3);
        var routes = Enumerable.Range(0, 5_000).Select(i => new Ipv4Route((uint)random.NextInt64(0, 1L << 32), random.Next(8, 33), i)).ToArray();
        var table = Ipv4Poptrie.FromRoutes(routes);
        var destinations = Enumerable.Range(0, 1_003).Select(_ => (uint)random.NextInt64(0, 1L << 32)).Concat(routes.Select(r => r.FirstAddress)).ToArray();
        var results = new int[destinations.Length];

        table.LookupBatch(destinations, results);

        results.ShouldBe(destinations.Select(table.Lookup).ToArray());
    }

    [Fact]
    public void Batch_lookup_rejects_a_results_span_shorter_than_the_destinations() =>
        Should.Throw<ArgumentException>(() => Table().LookupBatch(new uint[3], new int[2]));
}
