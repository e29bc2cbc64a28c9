using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>
/// The address a packet a device originates leaves from, as Linux selects it (fib_select_addr, inet_select_addr): on the
/// interface the route leaves by, the first address whose subnet holds the gateway (the destination itself on a connected
/// route), not the interface's first address. MASQUERADE (<c>snat ... as egress</c>) selects the same way.
/// </summary>
public sealed class SourceAddressSelectionTests
{
    // The client's one interface holds an address in each of two subnets of its VLAN; its gateway to the far LAN is in
    // the second, and that router holds no address in (so has no route to) the first.
    private const string TwoSubnetsOnOneInterface = """
range a 10.0.1.0/24
range b 10.0.2.0/24
range far 192.168.7.0/24
range pub 203.0.113.0/24 internet
range web 198.51.100.0/24 internet
segment s vlan 10 ranges a, b
segment f vlan 20 ranges far, pub
segment w vlan 30 ranges web
client c {
  interface eth0 10.0.1.10, 10.0.2.10 on s
  route 192.168.7.0/24 via 10.0.2.1
  route 198.51.100.0/24 via 10.0.2.1
}
client neighbour {
  interface eth0 10.0.2.50 on s
}
router r {
  interface lan 10.0.2.1 on s
  interface wan 192.168.7.1, 203.0.113.1 on f
  route 198.51.100.0/24 via 203.0.113.254
  snat any toward web as egress
}
client server {
  interface eth0 192.168.7.5 on f
  route 10.0.2.0/24 via r
}
router isp {
  interface lan 203.0.113.254 on f
  interface web 198.51.100.1 on w
}
client site {
  interface eth0 198.51.100.7 on w
  route default via isp
}
flow to-the-server {
  from c
  to server port 80 tcp
}
flow to-the-neighbour {
  from c
  to neighbour port 80 tcp
}
flow to-the-web {
  from c
  to site port 443 tcp
}
""";

    private static FlowResult Flow(string name) => Samples.Run(new Dictionary<string, string> { ["net.netflow"] = TwoSubnetsOnOneInterface }).Flow(name);

    [Fact]
    public void A_flow_through_a_gateway_starts_from_the_address_in_the_gateways_subnet_and_its_reply_gets_back()
    {
        var result = Flow("to-the-server");
        PacketHeader.Format(result.Forward.Start.Source).ShouldBe("10.0.2.10");
        result.Failures.ShouldBeEmpty();
        result.Reply!.Disposition.ShouldBe(Disposition.Accepted);
    }

    [Fact]
    public void A_flow_on_a_connected_route_starts_from_the_address_in_the_destinations_subnet()
    {
        var result = Flow("to-the-neighbour");
        PacketHeader.Format(result.Forward.Start.Source).ShouldBe("10.0.2.10");
        result.Failures.ShouldBeEmpty();
    }

    [Fact]
    public void A_masquerade_takes_the_address_of_the_egress_interface_in_the_next_hops_subnet()
    {
        var result = Flow("to-the-web");
        var snat = result.Forward.AllSteps().Single(p => p.Step.Kind == StepKind.SourceNat).Step;
        PacketHeader.Format(snat.Address).ShouldBe("203.0.113.1");
        result.Failures.ShouldBeEmpty();
    }
}
