using System.Text;

namespace Netflow.Lab.Tests;

/// <summary>
/// A differential over random small networks (a chain of routers with LANs, static routes some of which are wrong,
/// source and destination NAT, VXLAN between two hypervisor hosts) and random packets: the engine's disposition and
/// path must equal the kernel's. A few fixed seeds, so a failure reproduces; bounded to a few seconds each.
/// </summary>
public sealed class GeneratedNetworkTests
{
    [LabTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Engine_and_kernel_agree_on_random_networks(int seed)
    {
        LabFixture.RequireLab();
        var text = Generate(seed);
        var report = LabFixture.Test(LabFixture.CompileText(text));

        report.Flows.Count.ShouldBeGreaterThan(0);
        LabFixture.ShouldDisagreeOnlyAsKnown(report, $"generated:{seed}", text);
    }

    [Fact]
    public void The_generator_makes_every_disposition_it_is_meant_to()
    {
        // Not a kernel test: it keeps the differential honest by checking that its networks are not all happy paths.
        var dispositions = new HashSet<string>();
        for (var seed = 1; seed <= 4; seed++)
        {
            var image = LabFixture.CompileText(Generate(seed));
            var engine = new Netflow.Runtime.Engine.ForwardingEngine(image);
            foreach (var result in new Netflow.Runtime.Engine.FlowRunner(engine).RunAll()) dispositions.Add(DispositionWords.Of(result.Disposition));
        }
        dispositions.ShouldContain("ACCEPTED");
        dispositions.Count.ShouldBeGreaterThanOrEqualTo(3, string.Join(", ", dispositions));
    }

    /// <summary>
    /// Routers r0..rN-1 in a chain (link segments 10.S.i.0/24), each with a LAN 10.S.(100+i).0/24 holding a client and a
    /// server; every router routes each remote prefix towards it, except a few routes made wrong on purpose (missing, a
    /// null route, one pointing back, one via a gateway nobody holds). One router source-NATs a LAN, another
    /// destination-NATs a virtual address 10.S.200.1 to a server. On one LAN two hosts carry a VXLAN segment with a
    /// logical router and a VM, so that traffic to the VM crosses VXLAN between the hosts.
    /// </summary>
    internal static string Generate(int seed)
    {
        var random = new Random(seed);
        var s = 40 + seed;
        var routers = random.Next(2, 5);
        var text = new StringBuilder($"site g{seed} {{\n");
        for (var i = 0; i < routers; i++)
        {
            text.Append($"  range lan{i} 10.{s}.{100 + i}.0/24\n  segment seg-lan{i} vlan {10 + i} ranges lan{i}\n");
            if (i + 1 < routers) text.Append($"  range link{i} 10.{s}.{i}.0/24\n  segment seg-link{i} link ranges link{i}\n");
        }
        text.Append($"  range vms 10.{s}.150.0/24\n  segment vxlan-vms vxlan 5{seed:00} ranges vms\n");
        text.Append($"  range vip 10.{s}.200.0/24\n");

        // Which prefix lies behind which router, and how each router reaches each other router.
        var prefixes = new List<(string Prefix, int Router)>();
        for (var i = 0; i < routers; i++) prefixes.Add(($"10.{s}.{100 + i}.0/24", i));
        for (var i = 0; i + 1 < routers; i++) prefixes.Add(($"10.{s}.{i}.0/24", -1));
        prefixes.Add(($"10.{s}.150.0/24", 0));
        prefixes.Add(($"10.{s}.200.0/24", routers - 1));
        string Toward(int from, int to) => to > from ? $"10.{s}.{from}.2" : $"10.{s}.{from - 1}.1";
        var broken = random.Next(routers);
        var breakage = random.Next(5);

        for (var i = 0; i < routers; i++)
        {
            text.Append($"  router r{i} {{\n    interface lan 10.{s}.{100 + i}.1 on seg-lan{i}\n");
            if (i > 0) text.Append($"    interface left 10.{s}.{i - 1}.2 on seg-link{i - 1}\n");
            if (i + 1 < routers) text.Append($"    interface right 10.{s}.{i}.1 on seg-link{i}\n");
            foreach (var (prefix, owner) in prefixes)
            {
                if (prefix == $"10.{s}.150.0/24" && i == 0) { text.Append($"    route {prefix} via 10.{s}.100.5\n"); continue; }
                if (owner == i || (owner < 0 && (prefix == $"10.{s}.{i}.0/24" || prefix == $"10.{s}.{i - 1}.0/24"))) continue;
                var behind = owner >= 0 ? owner : int.Parse(prefix.Split('.')[2]) + (int.Parse(prefix.Split('.')[2]) >= i ? 1 : 0);
                var via = Toward(i, behind);
                if (i == broken && owner >= 0 && owner != i)
                {
                    if (breakage == 1) continue;
                    if (breakage == 2) { text.Append($"    route {prefix} drop\n"); continue; }
                    if (breakage == 3 && i > 0 && i + 1 < routers) via = Toward(i, behind > i ? i - 1 : i + 1);
                    if (breakage == 4) via = $"10.{s}.{100 + i}.99";
                }
                text.Append($"    route {prefix} via {via}\n");
            }
            if (i == 0 && random.Next(2) == 0) text.Append($"    snat 10.{s}.100.0/24 toward 10.{s}.{100 + routers - 1}.0/24 as egress\n");
            if (i == routers - 1) text.Append($"    dnat 10.{s}.200.1 port 80 tcp to 10.{s}.{100 + i}.20 port 8080\n");
            text.Append("  }\n");
            text.Append($"  client c{i} {{\n    interface eth0 10.{s}.{100 + i}.10 on seg-lan{i}\n    route default via r{i}\n  }}\n");
            text.Append($"  client srv{i} {{\n    interface eth0 10.{s}.{100 + i}.20 on seg-lan{i}\n    route default via r{i}\n  }}\n");
        }
        // VXLAN: two hosts on LAN 0; the logical router on h1 routes the VM segment, the VM runs on h2.
        text.Append($"  host h1 {{\n    interface eth0 10.{s}.100.31 on seg-lan0\n    route default via r0\n  }}\n");
        text.Append($"  host h2 {{\n    interface eth0 10.{s}.100.32 on seg-lan0\n    route default via r0\n  }}\n");
        text.Append($"  tunnel vx vxlan between h1 and h2\n");
        text.Append($"  logical-router lr on h1 {{\n    interface up 10.{s}.100.5 on seg-lan0\n    interface down 10.{s}.150.1 on vxlan-vms\n    route default via r0\n  }}\n");
        text.Append($"  vm vm1 on h2 {{\n    interface eth0 10.{s}.150.10 on vxlan-vms\n    route default via lr\n  }}\n");
        text.Append("}\n");

        // Random packets: from a client to a server, the VM, the virtual address, or a router, by a random protocol.
        var flows = random.Next(4, 7);
        for (var f = 0; f < flows; f++)
        {
            var from = random.Next(routers);
            var to = random.Next(routers);
            var (address, port) = random.Next(5) switch
            {
                0 => ($"10.{s}.150.10", 5432),
                1 => ($"10.{s}.200.1", 80),
                2 => ($"10.{s}.{100 + to}.1", 22),
                _ => ($"10.{s}.{100 + to}.20", random.Next(2) == 0 ? 80 : 8080),
            };
            var protocol = random.Next(6) switch { 0 => "udp", 1 => "icmp", _ => "tcp" };
            var target = protocol == "icmp" ? address : $"{address} port {port} {protocol}";
            text.Append($"flow f{f} {{\n  from g{seed}.c{from}\n  to {target}\n}}\n");
        }
        return text.ToString();
    }
}
