using System.Globalization;
using System.Text;

namespace Netflow.Benchmarks.Checks;

/// <summary>
/// A generated, deterministic and clean (no diagnostics) network of about a given number of lines, for the front end's
/// speed target of issue 13 (<c>netflow check</c> on a million lines). It reads like a large enterprise network rather
/// than one line repeated: sites with an address plan, VLANs, a gateway and two access routers, hypervisor hosts with
/// virtual machines that serve ports, a DNS server with records, users, and flows between and inside the sites.
/// </summary>
/// <remarks>
/// <para>
/// Site <c>i</c> owns a /22 (<c>10.0.0.0/8</c> and up): a core /28 on <c>core-vlan</c> holding the gateway
/// <c>gw</c> and the routers <c>r1</c> and <c>r2</c>, and <see cref="Lans"/> /26 LANs, each on a VLAN of its own,
/// half of them behind each router. The gateways sit on the shared <c>backbone</c> with <c>backbone-core</c>, which
/// routes every site's /22 to its gateway; gateways route the default to it. Two hosts carry a VM per LAN (each serving
/// tcp 443 and 8443), a DNS server holds a record per VM, and two users resolve through it. Each site declares two
/// flows: a user to a VM of the next site over the backbone, and a user to a VM of its own site by host name.
/// </para>
/// <para>
/// A site is <see cref="LinesPerSite"/> lines and the backbone router one more per site; the sites are spread over
/// files of <see cref="SitesPerFile"/> sites, the backbone in the first.
/// </para>
/// </remarks>
public static class FrontEndNetwork
{
    public const int Lans = 8;
    public const int SitesPerFile = 100;
    private const int HeaderLines = 8;

    /// <summary>The lines one site takes, its route on the backbone router included.</summary>
    public static readonly int LinesPerSite = CountLinesPerSite();

    /// <summary>The files of a network of about <paramref name="lines"/> lines, as (path, text), in a fixed order.</summary>
    public static IReadOnlyList<(string Path, string Text)> Generate(int lines)
    {
        int sites = Math.Max(2, (lines - HeaderLines) / LinesPerSite);
        // Site /22s are numbered from 10.0.0.0 (16,384 per /8) and the gateways inside 100.64.0.0/10.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sites, 16_384 * 10, nameof(lines));

        var files = new List<(string, string)>();
        for (int first = 0; first < sites; first += SitesPerFile)
        {
            int end = Math.Min(sites, first + SitesPerFile);
            var text = new StringBuilder(capacity: (end - first) * LinesPerSite * 40);
            text.Append(CultureInfo.InvariantCulture, $"# Generated network: sites {first} to {end - 1} of {sites}.\n");
            if (first == 0) AppendBackbone(text, sites);
            for (int site = first; site < end; site++) AppendSite(text, site, sites);
            files.Add((string.Create(CultureInfo.InvariantCulture, $"generated/sites-{first / SitesPerFile + 1:D4}.netflow"), text.ToString()));
        }
        return files;
    }

    /// <summary>Writes the network into <paramref name="folder"/> (created when missing); returns its line count.</summary>
    public static int Write(int lines, string folder)
    {
        int written = 0;
        foreach (var (path, text) in Generate(lines))
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
            written += text.Count(c => c == '\n');
        }
        return written;
    }

    private static void AppendBackbone(StringBuilder text, int sites)
    {
        var ic = CultureInfo.InvariantCulture;
        text.Append("\n# The backbone that joins every site's gateway.\n");
        text.Append("range backbone-range 100.64.0.0/10 provider-private \"Backbone addresses\"\n");
        text.Append("segment backbone link ranges backbone-range \"Shared backbone of all sites\"\n");
        text.Append("router backbone-core \"Backbone core router\" {\n");
        text.Append("  interface bb 100.64.0.1 on backbone\n");
        for (int site = 0; site < sites; site++)
            text.Append(ic, $"  route {SitePrefix(site)}.0/22 via s{site}.gw\n");
        text.Append("}\n");
    }

    private static void AppendSite(StringBuilder text, int site, int sites)
    {
        var ic = CultureInfo.InvariantCulture;
        string prefix = SitePrefix(site);
        text.Append(ic, $"\n# Site {site}: a /22 with a core VLAN and {Lans} LANs.\n");
        text.Append(ic, $"site s{site} \"Branch site {site}\" {{\n");
        text.Append(ic, $"  range site-space {prefix}.0/22 enterprise \"Address space of site {site}\" {{\n");
        text.Append(ic, $"    range core {prefix}.0/28\n");
        for (int lan = 0; lan < Lans; lan++)
            text.Append(ic, $"    range lan-{lan} {Lan(prefix, lan, 0)}/26\n");
        text.Append("  }\n");
        text.Append("  segment core-vlan vlan 10 ranges core\n");
        for (int lan = 0; lan < Lans; lan++)
            text.Append(ic, $"  segment lan-{lan}-vlan vlan {100 + lan} ranges lan-{lan}\n");

        // 100.64.0.0 is the network address and .1 the core router: gateways are numbered from 2.
        int gateway = site + 2;
        text.Append("\n  router gw \"Site gateway\" {\n");
        text.Append(ic, $"    interface up 100.{64 + (gateway >> 16)}.{(gateway >> 8) & 255}.{gateway & 255} on backbone\n");
        text.Append(ic, $"    interface core {prefix}.1 on core-vlan\n");
        text.Append("    route default via backbone-core\n");
        for (int lan = 0; lan < Lans; lan++)
            text.Append(ic, $"    route lan-{lan} via {RouterOf(lan)}\n");
        text.Append("    route site-space drop \"What no LAN holds ends here, not back on the backbone.\"\n");
        text.Append("  }\n");

        for (int router = 1; router <= 2; router++)
        {
            text.Append(ic, $"  router r{router} \"Access router {router}\" {{\n");
            text.Append(ic, $"    interface core {prefix}.{router + 1} on core-vlan\n");
            for (int lan = 0; lan < Lans; lan++)
            {
                if (RouterOf(lan) == $"r{router}")
                    text.Append(ic, $"    interface lan{lan} {Lan(prefix, lan, 1)} on lan-{lan}-vlan\n");
            }
            text.Append("    route default via gw\n");
            for (int lan = 0; lan < Lans; lan++)
            {
                if (RouterOf(lan) != $"r{router}")
                    text.Append(ic, $"    route lan-{lan} via {RouterOf(lan)}\n");
            }
            text.Append("  }\n");
        }

        text.Append('\n');
        for (int host = 1; host <= 2; host++)
        {
            int lan = (host - 1) * (Lans / 2);
            text.Append(ic, $"  host esxi-{host} \"Hypervisor {host}\" {{\n");
            text.Append(ic, $"    interface mgmt {Lan(prefix, lan, 20)} on lan-{lan}-vlan\n");
            text.Append(ic, $"    route default via {RouterOf(lan)}\n");
            text.Append("  }\n");
        }
        for (int lan = 0; lan < Lans; lan++)
        {
            text.Append(ic, $"  vm app-{lan} \"Application server {lan}\" on esxi-{lan * 2 / Lans + 1} {{\n");
            text.Append(ic, $"    interface eth0 {Lan(prefix, lan, 10)} on lan-{lan}-vlan\n");
            text.Append(ic, $"    route default via {RouterOf(lan)}\n");
            text.Append("    serves tcp 443, 8443\n");
            text.Append("  }\n");
        }
        text.Append("  dns-server dns \"Site resolver\" on esxi-1 {\n");
        text.Append(ic, $"    interface eth0 {Lan(prefix, 1, 40)} on lan-1-vlan\n");
        text.Append(ic, $"    route default via {RouterOf(1)}\n");
        for (int lan = 0; lan < Lans; lan++)
            text.Append(ic, $"    record app-{lan}.s{site}.example.com {Lan(prefix, lan, 10)}\n");
        text.Append("  }\n");
        for (int user = 1; user <= 2; user++)
        {
            int lan = user == 1 ? 2 : 6;
            text.Append(ic, $"  client user-{user} \"Office user {user}\" {{\n");
            text.Append(ic, $"    interface eth0 {Lan(prefix, lan, 30)} on lan-{lan}-vlan\n");
            text.Append(ic, $"    route default via {RouterOf(lan)}\n");
            text.Append("    resolver dns\n");
            text.Append("  }\n");
        }
        text.Append("}\n");

        int next = (site + 1) % sites;
        text.Append(ic, $"\nflow s{site}-user-to-s{next} \"A user of site {site} reaches an application of site {next}\" {{\n");
        text.Append(ic, $"  from s{site}.user-1\n");
        text.Append(ic, $"  to s{next}.app-5 port 443 tcp\n");
        text.Append("  expect accepted\n");
        text.Append(ic, $"  step s{site}.r1 \"The access router sends it to the gateway.\"\n");
        text.Append(ic, $"  step s{site}.gw\n");
        text.Append("  step backbone-core \"Across the backbone.\"\n");
        text.Append(ic, $"  step s{next}.gw\n");
        text.Append("}\n");
        text.Append(ic, $"flow s{site}-user-by-name \"A user of site {site} opens a local application by name\" {{\n");
        text.Append(ic, $"  from s{site}.user-2\n");
        text.Append(ic, $"  to app-1.s{site}.example.com port 8443 tcp\n");
        text.Append("  step dns\n");
        text.Append(ic, $"  step s{site}.r2\n");
        text.Append(ic, $"  step s{site}.r1\n");
        text.Append("}\n");
    }

    private static int CountLinesPerSite()
    {
        var text = new StringBuilder();
        AppendSite(text, 0, 2);
        return text.ToString().Count(c => c == '\n') + 1;
    }

    /// <summary>The LANs below half the count hang off <c>r1</c>, the rest off <c>r2</c>.</summary>
    private static string RouterOf(int lan) => lan < Lans / 2 ? "r1" : "r2";

    /// <summary>The first three octets of site <paramref name="site"/>'s /22, from 10.0.0.0 up.</summary>
    private static string SitePrefix(int site) =>
        string.Create(CultureInfo.InvariantCulture, $"{10 + (site >> 14)}.{(site >> 6) & 255}.{(site & 63) << 2}");

    /// <summary>Address <paramref name="host"/> of LAN <paramref name="lan"/>: the /26s after the core's, in the site's /22.</summary>
    private static string Lan(string sitePrefix, int lan, int host)
    {
        int offset = (lan + 1) * 64 + host;
        var octets = sitePrefix.Split('.');
        int third = int.Parse(octets[2], CultureInfo.InvariantCulture) + (offset >> 8);
        return string.Create(CultureInfo.InvariantCulture, $"{octets[0]}.{octets[1]}.{third}.{offset & 255}");
    }
}
