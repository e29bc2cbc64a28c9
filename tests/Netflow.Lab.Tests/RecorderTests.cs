using System.Net;

namespace Netflow.Lab.Tests;

/// <summary>The recorder notes the probe and its reply, and nothing the kernels say about them, on either side of VXLAN.</summary>
public sealed class RecorderTests
{
    /// <summary>A client on a VLAN, a logical router on host h1 and a VM on host h2 behind a VXLAN segment between them.</summary>
    private const string Overlay = """
        site v {
          range lan 10.8.1.0/24
          range vms 10.8.2.0/24
          segment net vlan 10 ranges lan
          segment overlay vxlan 5001 ranges vms
          client c { interface eth0 10.8.1.10 on net
                     route default via lr }
          host h1 { interface eth0 10.8.1.31 on net }
          host h2 { interface eth0 10.8.1.32 on net }
          tunnel vx vxlan between h1 and h2
          logical-router lr on h1 {
            interface up 10.8.1.5 on net
            interface down 10.8.2.1 on overlay
          }
          vm vm1 on h2 { interface eth0 10.8.2.10 on overlay
                         route default via lr }
        }
        """;

    /// <summary>
    /// The VM's kernel refuses the probe (a TCP reset, an ICMP port unreachable) at TTL 128, over VXLAN from h2 to h1.
    /// That answer is the kernel's, not a reply: counted, it put the VXLAN hosts into a reply's path at random (whenever
    /// a reset crossed a VXLAN segment during a recording).
    /// </summary>
    [LabTheory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public void The_kernels_refusal_inside_vxlan_is_not_recorded(string protocol)
    {
        LabFixture.RequireLab();
        var image = LabFixture.CompileText(Overlay);
        var name = LabFixture.UniqueName();
        using (var lab = Lab.Up(LabBuilder.Build(image, name)))
        {
            var engine = new Netflow.Runtime.Engine.ForwardingEngine(image);
            var device = Enumerable.Range(0, image.Devices.Count).ToDictionary(engine.DeviceName);
            var recorder = new Recorder(lab);
            recorder.Clear();

            var outcome = Probe.Send(lab.Name, lab.Plan.NamespaceOf[device["v.c"]], protocol, IPAddress.Parse("10.8.2.10"), 5432, 49152);
            Thread.Sleep(200);
            var events = recorder.Read().Events;

            outcome.ShouldBe(ProbeOutcome.Refused);
            // The probe crossed VXLAN from h1 to h2 and reached the VM: the recorder was looking.
            events.ShouldContain(e => e.Device == device["v.h1"] && e.Hook == "ve" && !e.IsReply);
            events.ShouldContain(e => e.Device == device["v.h2"] && e.Hook == "vd" && !e.IsReply);
            events.ShouldContain(e => e.Device == device["v.vm1"] && e.Hook == "dl");
            events.Where(e => e.IsReply).ShouldBeEmpty();
        }
        LabFixture.OwnNamespaces(name).ShouldBeEmpty();
    }
}
