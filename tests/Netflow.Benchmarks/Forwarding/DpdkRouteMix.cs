using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>
/// Random routing tables with the prefix-length mix of DPDK's LPM performance test (app/test/test_lpm_perf.c, drawn
/// from a real BGP table) and 256 next hops, and the traffic the suite times on them; reproducible from a seed.
/// </summary>
public static class DpdkRouteMix
{
    /// <summary>Per mille of routes by length; /25-/32 and /8-/15 share their 3.9% and 0.7% evenly.</summary>
    private static readonly (int Length, double PerMille)[] Mix =
    [
        (24, 542), (23, 79), (22, 67), (16, 64), (19, 64), (20, 58), (21, 45), (18, 22), (17, 12),
        .. Enumerable.Range(25, 8).Select(length => (length, 39.0 / 8)),
        .. Enumerable.Range(8, 8).Select(length => (length, 7.0 / 8)),
    ];

    public const int NextHops = 256;

    /// <summary><paramref name="count"/> distinct routes (prefix and length), next hops 0 to 255.</summary>
    public static Ipv4Route[] Routes(int count, int seed)
    {
        var random = new Random(seed);
        double total = Mix.Sum(m => m.PerMille);
        var seen = new HashSet<(uint, int)>(count);
        var routes = new Ipv4Route[count];
        for (int i = 0; i < count;)
        {
            double pick = random.NextDouble() * total;
            int length = Mix.First(m => (pick -= m.PerMille) < 0 || m == Mix[^1]).Length;
            uint prefix = RandomAddress(random) & Ipv4Prefix.Mask(length);
            if (seen.Add((prefix, length)))
                routes[i++] = new Ipv4Route(prefix, length, random.Next(NextHops));
        }

        return routes;
    }

    /// <summary>Addresses drawn uniformly from the whole IPv4 space.</summary>
    public static uint[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => RandomAddress(random)).ToArray();
    }

    /// <summary>Addresses inside announced prefixes: a random route, then a random address within it.</summary>
    public static uint[] InPrefixes(IReadOnlyList<Ipv4Route> routes, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var route = routes[random.Next(routes.Count)];
            return route.FirstAddress | (RandomAddress(random) & ~Ipv4Prefix.Mask(route.Length));
        }).ToArray();
    }

    private static uint RandomAddress(Random random) => (uint)random.NextInt64(0, 1L << 32);
}
