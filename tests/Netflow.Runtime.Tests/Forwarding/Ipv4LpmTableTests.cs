using Netflow.Runtime.Forwarding;
using static Netflow.Runtime.Tests.Forwarding.Ipv4;

namespace Netflow.Runtime.Tests.Forwarding;

public sealed class Ipv4LpmTableTests
{
    private const int NoRoute = Ipv4LpmTable.NoRoute;

    private static Ipv4LpmTable Table(params Ipv4Route[] routes) => Ipv4LpmTable.FromRoutes(routes);

    [Fact]
    public void Empty_table_has_no_route_anywhere()
    {
        var table = Ipv4LpmTable.Empty;

        table.RouteCount.ShouldBe(0);
        table.RangeCount.ShouldBe(1);
        table.Lookup(0).ShouldBe(NoRoute);
        table.Lookup(Address("10.1.2.3")).ShouldBe(NoRoute);
        table.Lookup(uint.MaxValue).ShouldBe(NoRoute);
    }

    [Fact]
    public void Default_route_covers_the_whole_address_space()
    {
        var table = Table(Route("0.0.0.0/0", 7));

        table.Lookup(0).ShouldBe(7);
        table.Lookup(Address("127.0.0.1")).ShouldBe(7);
        table.Lookup(uint.MaxValue).ShouldBe(7);
    }

    [Fact]
    public void Host_route_matches_its_address_only()
    {
        var table = Table(Route("0.0.0.0/0", 0), Route("192.168.1.10/32", 1));

        table.Lookup(Address("192.168.1.10")).ShouldBe(1);
        table.Lookup(Address("192.168.1.9")).ShouldBe(0);
        table.Lookup(Address("192.168.1.11")).ShouldBe(0);
    }

    [Fact]
    public void Host_routes_at_both_ends_of_the_address_space()
    {
        var table = Table(Route("0.0.0.0/32", 1), Route("255.255.255.255/32", 2));

        table.Lookup(Address("0.0.0.0")).ShouldBe(1);
        table.Lookup(Address("0.0.0.1")).ShouldBe(NoRoute);
        table.Lookup(Address("255.255.255.254")).ShouldBe(NoRoute);
        table.Lookup(Address("255.255.255.255")).ShouldBe(2);
    }

    [Fact]
    public void Routes_ending_at_the_top_of_the_address_space()
    {
        var table = Table(Route("128.0.0.0/1", 1), Route("255.255.255.0/24", 2), Route("255.255.255.128/25", 3));

        table.Lookup(Address("127.255.255.255")).ShouldBe(NoRoute);
        table.Lookup(Address("128.0.0.0")).ShouldBe(1);
        table.Lookup(Address("255.255.254.255")).ShouldBe(1);
        table.Lookup(Address("255.255.255.0")).ShouldBe(2);
        table.Lookup(Address("255.255.255.127")).ShouldBe(2);
        table.Lookup(Address("255.255.255.128")).ShouldBe(3);
        table.Lookup(uint.MaxValue).ShouldBe(3);
    }

    [Theory]
    [InlineData("9.255.255.255", NoRoute)]
    [InlineData("10.0.0.0", 1)]
    [InlineData("10.0.255.255", 1)]
    [InlineData("10.1.0.0", 2)]
    [InlineData("10.1.1.255", 2)]
    [InlineData("10.1.2.0", 3)]
    [InlineData("10.1.2.3", 4)]
    [InlineData("10.1.2.4", 3)]
    [InlineData("10.1.2.255", 3)]
    [InlineData("10.1.3.0", 2)]
    [InlineData("10.1.255.255", 2)]
    [InlineData("10.2.0.0", 1)]
    [InlineData("10.255.255.255", 1)]
    [InlineData("11.0.0.0", NoRoute)]
    public void Most_specific_of_nested_routes_wins(string address, int expected)
    {
        // Added least specific last, to show that the order of routes does not matter.
        var table = Table(Route("10.1.2.3/32", 4), Route("10.1.2.0/24", 3), Route("10.1.0.0/16", 2), Route("10.0.0.0/8", 1));

        table.Lookup(Address(address)).ShouldBe(expected);
    }

    [Fact]
    public void Nested_routes_that_share_a_first_or_last_address_with_their_parent()
    {
        var table = Table(Route("10.0.0.0/8", 1), Route("10.0.0.0/16", 2), Route("10.255.0.0/16", 3), Route("10.255.255.255/32", 4));

        table.Lookup(Address("10.0.0.0")).ShouldBe(2);
        table.Lookup(Address("10.0.255.255")).ShouldBe(2);
        table.Lookup(Address("10.1.0.0")).ShouldBe(1);
        table.Lookup(Address("10.254.255.255")).ShouldBe(1);
        table.Lookup(Address("10.255.0.0")).ShouldBe(3);
        table.Lookup(Address("10.255.255.254")).ShouldBe(3);
        table.Lookup(Address("10.255.255.255")).ShouldBe(4);
        table.Lookup(Address("11.0.0.0")).ShouldBe(NoRoute);
    }

    [Fact]
    public void Later_route_with_same_prefix_and_length_replaces_the_earlier()
    {
        var table = Table(Route("10.0.0.0/8", 1), Route("10.0.0.0/16", 2), Route("10.0.0.0/8", 3));

        table.RouteCount.ShouldBe(2);
        table.Lookup(Address("10.0.0.1")).ShouldBe(2);
        table.Lookup(Address("10.1.0.0")).ShouldBe(3);
    }

    [Fact]
    public void Host_bits_beyond_the_prefix_length_are_ignored()
    {
        var table = Table(Route("10.1.2.3/8", 1), Route("10.0.0.0/8", 2));

        table.RouteCount.ShouldBe(1);
        table.Lookup(Address("10.200.0.0")).ShouldBe(2);
    }

    [Fact]
    public void Adjacent_ranges_with_the_same_next_hop_are_merged()
    {
        var table = Table(Route("10.0.0.0/9", 5), Route("10.128.0.0/9", 5), Route("10.0.0.0/8", 5));

        table.RangeCount.ShouldBe(3); // below 10/8, 10/8, above 10/8
        table.Lookup(Address("10.127.255.255")).ShouldBe(5);
        table.Lookup(Address("10.128.0.0")).ShouldBe(5);
    }

    [Fact]
    public void Many_host_routes_in_one_block_are_all_found()
    {
        var builder = new Ipv4LpmTableBuilder().Add(Route("10.0.0.0/8", 0));
        uint first = Address("10.0.0.0");
        for (uint i = 0; i < 5000; i += 2)
            builder.Add(first + i, 32, (int)i + 1);
        var table = builder.Build();

        for (uint i = 0; i < 5002; i++)
            table.Lookup(first + i).ShouldBe(i % 2 == 0 && i < 5000 ? (int)i + 1 : 0);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(33)]
    public void Length_outside_0_to_32_is_rejected(int length) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new Ipv4LpmTableBuilder().Add(0, length, 0));

    [Fact]
    public void Negative_value_is_rejected_because_it_would_read_as_no_route() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new Ipv4LpmTableBuilder().Add(0, 0, -1));

    [Fact]
    public void Table_does_not_change_when_the_builder_goes_on()
    {
        var builder = new Ipv4LpmTableBuilder().Add(Route("10.0.0.0/8", 1));
        var table = builder.Build();
        builder.Add(Route("10.0.0.0/8", 2));

        table.Lookup(Address("10.0.0.1")).ShouldBe(1);
        builder.Build().Lookup(Address("10.0.0.1")).ShouldBe(2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    public void Batch_lookup_gives_the_same_answers_as_single_lookups(int count)
    {
        var table = Table(Route("0.0.0.0/0", 0), Route("10.0.0.0/8", 1), Route("10.1.0.0/16", 2), Route("192.168.0.0/24", 3));
        var random = new Random(count);
        var destinations = Enumerable.Range(0, count).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
        destinations.AsSpan(0, count / 2).Fill(Address("10.1.2.3"));
        var results = new int[count];

        table.LookupBatch(destinations, results);

        results.ShouldBe(destinations.Select(table.Lookup).ToArray());
    }

    [Fact]
    public void Batch_lookup_rejects_a_results_span_shorter_than_the_destinations() =>
        Should.Throw<ArgumentException>(() => Ipv4LpmTable.Empty.LookupBatch(new uint[3], new int[2]));

    [Fact]
    public void Memory_follows_the_number_of_routes()
    {
        var random = new Random(42);
        var routes = Enumerable.Range(0, 100_000)
            .Select(i => new Ipv4Route((uint)random.NextInt64(0, 1L << 32), random.Next(8, 33), i))
            .ToArray();

        var small = Table(Route("10.0.0.0/8", 1), Route("10.1.0.0/16", 2));
        var large = Ipv4LpmTable.FromRoutes(routes);

        small.SizeInBytes.ShouldBeLessThan(100);
        large.IndexEntryCount.ShouldBe(1 << 16);
        ((double)large.SizeInBytes / large.RouteCount).ShouldBeLessThan(32.0);
    }
}
