using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>
/// Random but realistically shaped routing tables and traffic, reproducible from a seed. Prefix lengths follow
/// roughly the shape of an Internet BGP table (most routes /24, then /22–/23, /16–/21, a few shorter and a few
/// host routes), plus a default route; half of the destinations fall inside a random route and half anywhere.
/// </summary>
public static class RoutingTableSample
{
    private static readonly (int Length, int Weight)[] LengthWeights =
    [
        (8, 1), (12, 1), (14, 1), (16, 5), (18, 3), (19, 4), (20, 5), (21, 5), (22, 10), (23, 9), (24, 50),
        (28, 2), (32, 3),
    ];

    public static Ipv4Route[] Routes(int count, int seed)
    {
        var random = new Random(seed);
        int totalWeight = LengthWeights.Sum(w => w.Weight);
        var routes = new Ipv4Route[count];
        routes[0] = new Ipv4Route(0, 0, 0);
        for (int i = 1; i < count; i++)
        {
            int pick = random.Next(totalWeight);
            int length = LengthWeights.First(w => (pick -= w.Weight) < 0).Length;
            routes[i] = new Ipv4Route(RandomAddress(random), length, random.Next(1, 64));
        }

        return routes;
    }

    public static uint[] Destinations(IReadOnlyList<Ipv4Route> routes, int count, int seed)
    {
        var random = new Random(seed);
        var destinations = new uint[count];
        for (int i = 0; i < count; i++)
        {
            var route = routes[random.Next(routes.Count)];
            uint anywhere = RandomAddress(random);
            destinations[i] = i % 2 == 0 ? route.FirstAddress | (anywhere & ~Ipv4Prefix.Mask(route.Length)) : anywhere;
        }

        return destinations;
    }

    private static uint RandomAddress(Random random) => (uint)random.NextInt64(0, 1L << 32);
}
