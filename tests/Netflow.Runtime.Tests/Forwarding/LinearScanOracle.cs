using Netflow.Runtime.Forwarding;

namespace Netflow.Runtime.Tests.Forwarding;

/// <summary>
/// The specification of longest-prefix match, written as plainly as possible: scan every route, keep the longest
/// that covers the address, and among equally long ones (duplicates) the one added last.
/// Deliberately shares no code with the table under test, not even the mask arithmetic.
/// </summary>
internal sealed class LinearScanOracle(IReadOnlyList<Ipv4Route> routes)
{
    public int Lookup(uint address)
    {
        int best = Ipv4LpmTable.NoRoute;
        int bestLength = -1;
        foreach (var route in routes)
        {
            uint mask = (uint)(0xFFFF_FFFF_0000_0000UL >> route.Length);
            if ((address & mask) == (route.Prefix & mask) && route.Length >= bestLength)
            {
                best = route.Value;
                bestLength = route.Length;
            }
        }

        return best;
    }
}
