using CsCheck;
using Netflow.Language.Addressing;

namespace Netflow.Language.Tests;

public sealed class AddressTests
{
    [Theory]
    [InlineData("10.73.30.10", 0x0A491E0Au)]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    public void TryParseV4_ValidText_GivesValue(string text, uint expected)
    {
        IpAddress.TryParseV4(text, out var address, out _).ShouldBeTrue();
        address.ToV4().ShouldBe(expected);
        address.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("256.1.1.1", "the octet 256 is greater than 255")]
    [InlineData("10.0.0", "an IPv4 address has exactly four octets")]
    [InlineData("10.0.0.0.1", "an IPv4 address has exactly four octets")]
    [InlineData("10..0.1", "an octet is missing")]
    [InlineData("1000.0.0.1", "'1000' is not an octet (0 to 255)")]
    public void TryParseV4_InvalidText_SaysWhy(string text, string why)
    {
        IpAddress.TryParseV4(text, out _, out var error).ShouldBeFalse();
        error.ShouldBe(why);
    }

    [Fact]
    public void Prefix_ContainsAndOverlaps_AgreeWithIntervalOracle()
    {
        var prefix = Gen.Select(Gen.UInt, Gen.Int[0, 32], (a, l) => new IpPrefix(IpAddress.V4(a), l).Canonical);
        Gen.Select(prefix, prefix, Gen.UInt).Sample((p, q, a) =>
        {
            var (pLow, pHigh) = Bounds(p);
            var (qLow, qHigh) = Bounds(q);
            p.Contains(IpAddress.V4(a)).ShouldBe(a >= pLow && a <= pHigh);
            p.Overlaps(q).ShouldBe(pLow <= qHigh && qLow <= pHigh);
            p.Contains(q).ShouldBe(qLow >= pLow && qHigh <= pHigh);
        }, iter: 20_000);
    }

    [Fact]
    public void Prefix_HostBits_AreDetectedAndCanonicalised()
    {
        var prefix = new IpPrefix(IpAddress.V4(0x0A491E05), 26); // 10.73.30.5/26
        prefix.HasHostBits.ShouldBeTrue();
        prefix.Canonical.ToString().ShouldBe("10.73.30.0/26");
        prefix.Last.ToString().ShouldBe("10.73.30.63");
    }

    /// <summary>The oracle: bounds computed with plain 64-bit arithmetic instead of masks.</summary>
    private static (ulong Low, ulong High) Bounds(IpPrefix prefix)
    {
        var size = 1UL << (32 - prefix.Length);
        var low = prefix.Network.ToV4() / size * size;
        return (low, low + size - 1);
    }
}
