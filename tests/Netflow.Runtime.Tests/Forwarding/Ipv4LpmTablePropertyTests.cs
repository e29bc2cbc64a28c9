using CsCheck;
using Netflow.Runtime.Forwarding;

namespace Netflow.Runtime.Tests.Forwarding;

/// <summary>Both table layouts against <see cref="LinearScanOracle"/> on random tables and addresses.</summary>
public sealed class Ipv4LpmTablePropertyTests
{
    /// <summary>
    /// Prefixes drawn mostly from a few narrow neighbourhoods, so that random routes nest and overlap often
    /// (at the bottom and top of the address space too), with a share drawn from anywhere.
    /// </summary>
    private static readonly Gen<uint> Prefix = Gen.OneOf(
        Gen.UInt,
        Gen.UInt[0x0A00_0000, 0x0A00_FFFF],
        Gen.UInt[0xC0A8_0000, 0xC0A8_00FF],
        Gen.UInt[0x0000_0000, 0x0000_FFFF],
        Gen.UInt[0xFFFF_FF00, 0xFFFF_FFFF]);

    /// <summary>Every length, with a few next hops so that neighbours often share one and duplicates differ.</summary>
    private static readonly Gen<Ipv4Route> Route =
        Gen.Select(Prefix, Gen.Int[0, 32], Gen.Int[0, 5], (prefix, length, value) => new Ipv4Route(prefix, length, value));

    /// <summary>Random addresses in the same neighbourhoods as the prefixes, and anywhere.</summary>
    private static readonly Gen<uint[]> Addresses = Prefix.Array[0, 200];

    [Fact]
    public void Small_tables_agree_with_a_linear_scan() =>
        Gen.Select(Route.Array[0, 64], Addresses).Sample(AgreeWithLinearScan, iter: 2_000);

    [Fact]
    public void Large_tables_agree_with_a_linear_scan() =>
        Gen.Select(Route.Array[500, 3_000], Addresses).Sample(AgreeWithLinearScan, iter: 30);

    private static void AgreeWithLinearScan(Ipv4Route[] routes, uint[] randomAddresses)
    {
        var builder = new Ipv4LpmTableBuilder().AddRange(routes);
        var ranges = builder.Build();
        var poptrie = builder.BuildPoptrie();
        var oracle = new LinearScanOracle(routes);

        // Answers of 65,535 and more make the Poptrie keep its leaves in 32 bits rather than 16.
        const int Wide = 70_000;
        var widePoptrie = Ipv4Poptrie.FromRoutes(routes.Select(r => r with { Value = r.Value + Wide }));

        var destinations = BoundaryAddresses(routes.Take(300)).Concat(randomAddresses).ToArray();
        var rangeBatch = new int[destinations.Length];
        var poptrieBatch = new int[destinations.Length];
        ranges.LookupBatch(destinations, rangeBatch);
        poptrie.LookupBatch(destinations, poptrieBatch);

        for (int i = 0; i < destinations.Length; i++)
        {
            int expected = oracle.Lookup(destinations[i]);
            ranges.Lookup(destinations[i]).ShouldBe(expected, $"Lookup({destinations[i]:X8})");
            rangeBatch[i].ShouldBe(expected, $"LookupBatch at {destinations[i]:X8}");
            poptrie.Lookup(destinations[i]).ShouldBe(expected, $"Poptrie Lookup({destinations[i]:X8})");
            poptrieBatch[i].ShouldBe(expected, $"Poptrie LookupBatch at {destinations[i]:X8}");
            widePoptrie.Lookup(destinations[i]).ShouldBe(expected == Ipv4LpmTable.NoRoute ? expected : expected + Wide, $"wide Poptrie Lookup({destinations[i]:X8})");
        }
    }

    /// <summary>The ends of the address space, and the first and last address of each route and their neighbours.</summary>
    private static IEnumerable<uint> BoundaryAddresses(IEnumerable<Ipv4Route> routes)
    {
        yield return 0;
        yield return uint.MaxValue;
        foreach (var route in routes)
        {
            uint first = route.FirstAddress, last = route.LastAddress;
            yield return unchecked(first - 1);
            yield return first;
            yield return unchecked(first + 1);
            yield return unchecked(last - 1);
            yield return last;
            yield return unchecked(last + 1);
        }
    }
}
