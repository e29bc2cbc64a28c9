using System.Globalization;
using System.Text;

namespace Netflow.Benchmarks.Checks;

/// <summary>
/// A generated, deterministic and clean (no diagnostics) network for the speed requirement of issue 3: at scale 1,
/// 10,000 devices, about 100,000 ranges and about 100,000 routes; scale N is N times everything.
/// </summary>
/// <remarks>
/// <para>
/// Each scale unit is <see cref="SitesPerScale"/> sites. Site <c>s</c> has a /24 container
/// (<c>10.x.y.0/24</c>) holding a core /28 carried by the VLAN <c>core-vlan</c>, and
/// <see cref="RoutersPerSite"/> routers <c>r0</c>..<c>r9</c> on that VLAN. Router <c>rN</c> owns a range block
/// <c>lans-N</c> (a /24 in <c>20.0.0.0/8</c> and up) with <see cref="LansPerRouter"/> LAN /28s, each carried by a
/// segment of its own on which the router has an interface. Every router routes the other routers' blocks via
/// their owners, null-routes its own block as an aggregate (<c>route lans-N drop</c>), and all but <c>r0</c>
/// route the default via <c>r0</c>. Each site's <c>r0</c> sits on the shared <c>backbone</c> segment
/// (<c>100.64.0.0/10</c>).
/// </para>
/// <para>
/// Per site: 10 devices, 102 ranges, 109 routes, 101 interfaces and 91 segments; the backbone adds one range and
/// one segment. The sites are spread over <see cref="FileCount"/> files, with the backbone in the first.
/// </para>
/// </remarks>
public static class NetworkGenerator
{
    public const int SitesPerScale = 1_000;
    public const int RoutersPerSite = 10;
    public const int LansPerRouter = 9;
    public const int FileCount = 10;

    /// <summary>The files of the network at <paramref name="scale"/>, as (path, text), in a fixed order.</summary>
    public static IReadOnlyList<(string Path, string Text)> Generate(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int sites = SitesPerScale * scale;
        // The LAN blocks are /24s numbered from 20.0.0.0 and the backbone addresses are numbered inside
        // 100.64.0.0/10; both stay valid far beyond any scale a benchmark would use.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sites, 100_000, nameof(scale));

        var files = new List<(string, string)>(FileCount);
        int perFile = (sites + FileCount - 1) / FileCount;
        for (int file = 0; file < FileCount; file++)
        {
            var text = new StringBuilder(capacity: perFile * 6_000);
            text.Append(CultureInfo.InvariantCulture, $"# Generated network, scale {scale}, part {file + 1} of {FileCount}.\n");
            if (file == 0)
            {
                text.Append("segment backbone vlan 1 ranges backbone-range \"Shared backbone of all sites\"\n");
                text.Append("range backbone-range 100.64.0.0/10 provider-private\n");
            }
            int first = file * perFile;
            int end = Math.Min(sites, first + perFile);
            for (int site = first; site < end; site++)
                AppendSite(text, site);
            files.Add((string.Create(CultureInfo.InvariantCulture, $"generated/part-{file + 1:D2}.netflow"), text.ToString()));
        }
        return files;
    }

    private static void AppendSite(StringBuilder text, int site)
    {
        var ic = CultureInfo.InvariantCulture;
        // The site container 10.x.y.0/24 (11.x.y.0/24 beyond 65,536 sites).
        string container = string.Create(ic, $"{10 + (site >> 16)}.{(site >> 8) & 255}.{site & 255}");

        text.Append(ic, $"\nsite s{site} \"Site {site}\" {{\n");
        text.Append(ic, $"  range site-space {container}.0/24 enterprise {{\n");
        text.Append(ic, $"    range core {container}.0/28\n");
        text.Append("  }\n");
        text.Append("  segment core-vlan vlan 10 ranges core\n");

        for (int router = 0; router < RoutersPerSite; router++)
        {
            string block = LanBlock(site, router);
            text.Append(ic, $"  range lans-{router} {block}.0/24 enterprise {{\n");
            for (int lan = 0; lan < LansPerRouter; lan++)
                text.Append(ic, $"    range lan-{router}-{lan} {block}.{lan * 16}/28\n");
            text.Append("  }\n");
        }

        for (int router = 0; router < RoutersPerSite; router++)
        {
            string block = LanBlock(site, router);
            text.Append(ic, $"  router r{router} {{\n");
            text.Append(ic, $"    interface core {container}.{router + 1} on core-vlan\n");
            if (router == 0)
            {
                // 100.64.0.0 is the backbone's network address: numbering from site + 1 skips it.
                int host = site + 1;
                text.Append(ic, $"    interface up 100.{64 + (host >> 16)}.{(host >> 8) & 255}.{host & 255} on backbone\n");
            }
            for (int lan = 0; lan < LansPerRouter; lan++)
                text.Append(ic, $"    interface lan{lan} {block}.{lan * 16 + 1} on seg-{router}-{lan}\n");
            for (int other = 0; other < RoutersPerSite; other++)
            {
                if (other != router)
                    text.Append(ic, $"    route lans-{other} via r{other}\n");
            }
            text.Append(ic, $"    route lans-{router} drop\n");
            if (router != 0)
                text.Append("    route default via r0\n");
            text.Append("  }\n");
            for (int lan = 0; lan < LansPerRouter; lan++)
                text.Append(ic, $"  segment seg-{router}-{lan} vlan {100 + lan} ranges lan-{router}-{lan}\n");
        }
        text.Append("}\n");
    }

    /// <summary>The first three octets of router <paramref name="router"/>'s LAN block, a /24 from 20.0.0.0 up.</summary>
    private static string LanBlock(int site, int router)
    {
        int index = site * RoutersPerSite + router;
        return string.Create(CultureInfo.InvariantCulture, $"{20 + (index >> 16)}.{(index >> 8) & 255}.{index & 255}");
    }
}
