using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Testing;

namespace Netflow.Compiler.Tests;

/// <summary>
/// The address a packet a device originates leaves from, as Linux selects it (fib_select_addr, inet_select_addr): on the
/// interface the route leaves by, the first address whose subnet holds the gateway (the destination itself on a connected
/// route), not the interface's first address. MASQUERADE (<c>snat ... as egress</c>) selects the same way.
/// </summary>
public sealed class SourceAddressSelectionTests
{
    private static FlowResult Flow(string name) => Samples.Run(new Dictionary<string, string> { ["net.netflow"] = TestNetworks.TwoSubnetsOnOneInterface }).Flow(name);

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
