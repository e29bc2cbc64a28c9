using System.Globalization;
using System.Text;

namespace Netflow.Benchmarks.Engine;

/// <summary>
/// A generated network for <c>reach</c>: <c>sites</c> sites, each a gateway router and nine clients on one LAN
/// (10.0.0.0/8, a /24 per site), the gateways on a shared backbone with a static route to every other site's LAN. A
/// probe between sites takes four devices and its reply four more. 100 sites are 1,000 devices.
/// </summary>
public static class ReachNetwork
{
    public const int ClientsPerSite = 9;

    public static string Generate(int sites)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sites, 60_000);
        var ic = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("range backbone-range 100.64.0.0/16\nsegment backbone link ranges backbone-range\n");
        for (var site = 0; site < sites; site++)
        {
            var lan = Lan(site);
            text.Append(ic, $"\nsite s{site} {{\n  range lan {lan}.0/24\n  segment lan-seg vlan 10 ranges lan\n");
            text.Append(ic, $"  router gw {{\n    interface up 100.64.{(site + 1) >> 8}.{(site + 1) & 255} on backbone\n    interface lan {lan}.1 on lan-seg\n");
            for (var other = 0; other < sites; other++)
            {
                if (other != site) text.Append(ic, $"    route {Lan(other)}.0/24 via s{other}.gw\n");
            }
            text.Append("  }\n");
            for (var client = 1; client <= ClientsPerSite; client++)
                text.Append(ic, $"  client c{client} {{\n    interface eth0 {lan}.{10 + client} on lan-seg\n    route default via gw\n  }}\n");
            text.Append("}\n");
        }
        return text.ToString();
    }

    private static string Lan(int site) => string.Create(CultureInfo.InvariantCulture, $"10.{site >> 8}.{site & 255}");
}
