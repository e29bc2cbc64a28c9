namespace Netflow.Lab.Tests;

/// <summary>The reference sample and its variants, run in the kernel: every flow agrees with the engine, or is a known bug.</summary>
public sealed class SampleTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string> { "samples/ibm-cloud-hybrid" };
        foreach (var variant in Directory.GetDirectories(Path.Combine(LabFixture.Root(), "samples", "variants")).OrderBy(d => d, StringComparer.Ordinal))
        {
            data.Add($"samples/variants/{Path.GetFileName(variant)}");
        }
        return data;
    }

    [LabTheory]
    [MemberData(nameof(Samples))]
    public void Every_flow_agrees_with_the_kernel_or_differs_as_known(string sample)
    {
        LabFixture.RequireLab();
        var report = LabFixture.SampleReport(sample);

        report.Flows.ShouldNotBeEmpty();
        LabFixture.ShouldDisagreeOnlyAsKnown(report, sample);
        report.VerifiedHops.ShouldBeGreaterThan(0);
    }

    [LabFact]
    public void The_reference_sample_names_each_simulated_hop_and_verifies_the_rest()
    {
        LabFixture.RequireLab();
        var report = LabFixture.SampleReport("samples/ibm-cloud-hybrid");

        report.Agrees.ShouldBeTrue(LabFixture.Describe(report));
        // IP-in-IP between workers of different subnets is simulated, named, and never counted as verified.
        var other = report.Flows.Single(f => f.Flow == "internet-to-iks-web-other-subnet");
        other.Simulated.ShouldContain(s => s.StartsWith("IP-in-IP ibm-cloud.iks.worker-1 → ibm-cloud.iks.worker-3", StringComparison.Ordinal));
        other.SimulatedHops.ShouldBe(2);
        other.Engine.Devices.ShouldNotContain("ibm-cloud.bcr");
        // Same subnet: routed directly, nothing simulated, every hop verified by the kernel (VXLAN included elsewhere).
        var same = report.Flows.Single(f => f.Flow == "internet-to-iks-web-same-subnet");
        same.Simulated.ShouldBeEmpty();
        same.Kernel.Devices.ShouldBe(same.Engine.Devices);
        var db = report.Flows.Single(f => f.Flow == "icp-web-to-vcs-db");
        db.Kernel.Devices.ShouldContain("ibm-cloud.vcs.esxi-1");
        db.Kernel.Devices.ShouldContain("ibm-cloud.vcs.esxi-2");
        db.Simulated.ShouldBeEmpty();
    }

    [LabFact]
    public void The_failure_cases_fail_the_same_way_in_the_kernel()
    {
        LabFixture.RequireLab();
        var loop = LabFixture.SampleReport("samples/variants/routing-loop").Flows.Single(f => f.Flow == "iks-web-to-vcs-db");
        loop.Engine.Disposition.ShouldBe("LOOP");
        loop.Kernel.Disposition.ShouldBe("LOOP");
        loop.Kernel.Devices.Take(loop.Engine.Devices.Count).ShouldBe(loop.Engine.Devices);

        var snat = LabFixture.SampleReport("samples/variants/no-vrouter-snat").Flows.Single(f => f.Flow == "iks-web-to-vcs-db");
        snat.Engine.Disposition.ShouldBe("ACCEPTED");
        snat.Kernel.Disposition.ShouldBe("ACCEPTED");
        snat.EngineReply.ShouldNotBeNull();
        snat.KernelReply.ShouldNotBeNull();
        snat.EngineReply.Disposition.ShouldNotBe("ACCEPTED");
        snat.KernelReply.Disposition.ShouldBe(snat.EngineReply.Disposition);
        snat.KernelReply.Last.ShouldBe(snat.EngineReply.Last);
        snat.KernelReply.Devices.ShouldBe(snat.EngineReply.Devices);
    }
}
