using Netflow.Testing;
namespace Netflow.Lab.Tests;

/// <summary>
/// Source-address selection in the kernel: a socket bound to no address, on an interface with an address in each of two
/// subnets, sends from the one in its gateway's subnet (the destination's, on a connected route), and MASQUERADE picks
/// its address the same way; the workload sees the source the engine's trace ends with, and the replies come back.
/// </summary>
public sealed class SourceAddressLabTests
{
    [LabFact]
    public void The_kernel_sends_from_the_address_the_engine_selects_and_the_replies_get_back()
    {
        LabFixture.RequireLab();
        var report = LabFixture.Test(LabFixture.CompileText(TestNetworks.TwoSubnetsOnOneInterface));
        report.Agrees.ShouldBeTrue(LabFixture.Describe(report));
        report.Flows.Count.ShouldBe(3);
        var server = report.Flows.Single(f => f.Flow == "to-the-server");
        server.Kernel.Devices.ShouldBe(["c", "r", "server"]);
        server.KernelReply!.Devices.ShouldBe(["server", "r", "c"]);
        var web = report.Flows.Single(f => f.Flow == "to-the-web");
        web.KernelReply!.Devices.ShouldBe(["site", "isp", "r", "c"]);
        web.KernelReply.Disposition.ShouldBe("ACCEPTED");
    }
}
