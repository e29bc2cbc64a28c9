namespace Netflow.Lab.Tests;

/// <summary>The lab leaves nothing behind: not on success, not when interrupted, and it clears what a killed run left.</summary>
public sealed class CleanupTests
{
    private const string Tiny = """
        site s {
          range lan 10.9.1.0/24
          segment net subnet ranges lan
          client a { interface eth0 10.9.1.10 on net }
          client b { interface eth0 10.9.1.20 on net }
        }
        flow a-to-b {
          from s.a
          to 10.9.1.20 port 80 tcp
        }
        flow b-to-a {
          from s.b
          to 10.9.1.10 icmp
        }
        """;

    [LabFact]
    public void A_lab_test_leaves_no_namespace_no_host_link_and_no_host_rule_behind()
    {
        LabFixture.RequireLab();
        var name = LabFixture.UniqueName();
        var linksBefore = LabFixture.HostLinks();
        var rulesBefore = LabFixture.HostRuleset();
        var namespacesBefore = new HostCommands(name).ListNamespaces();

        var report = new LabTest(LabFixture.CompileText(Tiny), name).Run();

        report.Flows.Count.ShouldBe(2);
        report.Agrees.ShouldBeTrue(LabFixture.Describe(report));
        LabFixture.OwnNamespaces(name).ShouldBeEmpty();
        // Other labs may come and go meanwhile; none of ours is among the namespaces now.
        new HostCommands(name).ListNamespaces().Except(namespacesBefore).ShouldNotContain(n => name.Owns(n));
        LabFixture.HostLinks().Except(linksBefore).ShouldBeEmpty();
        LabFixture.HostRuleset().ShouldBe(rulesBefore);
    }

    [LabFact]
    public void An_interrupted_lab_test_takes_the_lab_down()
    {
        LabFixture.RequireLab();
        var name = LabFixture.UniqueName();
        using var cancel = new CancellationTokenSource();
        var test = new LabTest(LabFixture.CompileText(Tiny), name);

        // Interrupted after the first flow, as Ctrl-C or SIGTERM does through the command's token.
        Should.Throw<OperationCanceledException>(() => test.Run(cancel.Token, _ => cancel.Cancel()));

        LabFixture.OwnNamespaces(name).ShouldBeEmpty();
    }

    [LabFact]
    public void Up_removes_what_a_killed_run_of_the_same_name_left()
    {
        LabFixture.RequireLab();
        var name = LabFixture.UniqueName();
        var host = new HostCommands(name);
        host.AddNamespace(name.Prefix + "d999");

        using (var lab = Lab.Up(LabBuilder.Build(LabFixture.CompileText(Tiny), name)))
        {
            host.ListNamespaces().ShouldNotContain(name.Prefix + "d999");
            LabFixture.OwnNamespaces(name).Count.ShouldBe(3);
        }
        LabFixture.OwnNamespaces(name).ShouldBeEmpty();
    }

    [Fact]
    public void The_lab_never_touches_a_namespace_without_its_prefix()
    {
        var host = new HostCommands(LabName.TryCreate("mine")!);
        Should.Throw<InvalidOperationException>(() => host.DeleteNamespace("nfl-other-sw"));
        Should.Throw<InvalidOperationException>(() => host.Ip("nfl-mine", "link"));
        LabName.TryCreate("mine")!.Owns("nfl-mine2-d1").ShouldBeFalse();
        LabName.TryCreate("Bad-Name").ShouldBeNull();
    }
}
