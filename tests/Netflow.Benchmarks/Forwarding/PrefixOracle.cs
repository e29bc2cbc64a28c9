using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>
/// The longest-prefix match written plainly enough to trust and fast enough for a million routes: one dictionary
/// per length, probed from /32 down to /0. Every structure's answers are checked against it before it is timed.
/// </summary>
public sealed class PrefixOracle
{
    private readonly Dictionary<uint, int>[] _byLength = Enumerable.Range(0, 33).Select(_ => new Dictionary<uint, int>()).ToArray();

    /// <summary>A later route with the same prefix and length replaces an earlier one, as in the tables.</summary>
    public PrefixOracle(IEnumerable<Ipv4Route> routes)
    {
        foreach (var route in routes)
            _byLength[route.Length][route.FirstAddress] = route.Value;
    }

    public int Lookup(uint address)
    {
        for (int length = 32; length >= 0; length--)
        {
            uint mask = (uint)(0xFFFF_FFFF_0000_0000UL >> length);
            if (_byLength[length].TryGetValue(address & mask, out int value))
                return value;
        }

        return Ipv4LpmTable.NoRoute;
    }

    /// <summary>Throws unless <paramref name="answers"/> are this oracle's answers for <paramref name="addresses"/>.</summary>
    public void Check(string structure, ReadOnlySpan<uint> addresses, ReadOnlySpan<int> answers)
    {
        for (int i = 0; i < addresses.Length; i++)
        {
            if (answers[i] != Lookup(addresses[i]))
                throw new InvalidOperationException(
                    $"{structure} answers {answers[i]} for {addresses[i]:X8}; the longest match is {Lookup(addresses[i])}.");
        }
    }

    /// <summary>The sum of answers of the dependent chain every structure runs (see <see cref="LpmSuiteBenchmarks"/>).</summary>
    public long Chain(ReadOnlySpan<uint> addresses)
    {
        long sum = 0;
        uint carry = 0;
        foreach (uint address in addresses)
        {
            int result = Lookup(address ^ carry);
            sum += result;
            carry = (uint)result & 1;
        }

        return sum;
    }
}
