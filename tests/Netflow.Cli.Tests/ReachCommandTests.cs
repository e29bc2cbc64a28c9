using System.Text.Json;

namespace Netflow.Cli.Tests;

public sealed class ReachCommandTests
{
    private static readonly string Sample = Path.Combine(Repository.Root(), "samples", "ibm-cloud-hybrid");

    [Fact]
    public void A_pod_reaches_the_database_through_its_source_nat_and_the_reply_gets_back()
    {
        var (exit, output, error) = Repository.Netflow("reach", Sample, "--from", "iks.web-1", "--to", "vcs.db", "--port", "5432");

        exit.ShouldBe(0, error);
        output.ShouldStartWith("Reach: 1 source × 1 destination, 1 pair\n");
        output.ShouldContain("ibm-cloud.iks.web-1 ✓\n");
        output.ShouldContain("1 = ibm-cloud.vcs.db (tcp/5432)");
        output.TrimEnd().ShouldEndWith("The pair holds.");
    }

    [Fact]
    public void A_failing_pair_is_explained_and_fails_the_command()
    {
        var (exit, output, _) = Repository.Netflow("reach", Sample, "--from", "internet.user", "--to", "vcs.db,iks.web-1", "--port", "tcp/5432");

        exit.ShouldBe(1);
        output.ShouldContain("✗ internet.user → ibm-cloud.vcs.db tcp/5432: NO_ROUTE: ");
        output.TrimEnd().ShouldEndWith("0 of 2 pairs hold.");
    }

    [Fact]
    public void Without_ports_each_destination_is_probed_on_what_it_serves()
    {
        var (_, output, _) = Repository.Netflow("reach", Sample, "--from", "iks.web-1", "--to", "private-dns,internet.user");

        output.ShouldContain("= ibm-cloud.private-dns (udp/53, tcp/53)");
        output.ShouldContain("= internet.user (icmp)");
    }

    [Fact]
    public void Globs_choose_sources_and_a_device_is_not_probed_against_itself()
    {
        var (_, output, _) = Repository.Netflow("reach", Sample, "--from", "ibm-cloud.iks.web-*", "--to", "ibm-cloud.iks.web-*", "--port", "8080");

        output.ShouldStartWith("Reach: 3 sources × 3 destinations, 6 pairs");
        output.ShouldContain("ibm-cloud.iks.web-1 · ✓ ✓\n");
    }

    [Fact]
    public void Json_lists_every_pair_with_its_dispositions_and_failures()
    {
        var (_, output, _) = Repository.Netflow("reach", Sample, "--from", "iks.web-1,internet.user", "--to", "vcs.db", "--port", "5432", "--format", "json");

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("version").GetInt32().ShouldBe(1);
        root.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).ShouldBe(["ibm-cloud.iks.web-1", "internet.user"]);
        var pairs = root.GetProperty("pairs").EnumerateArray().ToList();
        pairs.Count.ShouldBe(2);
        pairs[0].GetProperty("holds").GetBoolean().ShouldBeTrue();
        pairs[0].GetProperty("reply").GetString().ShouldBe("ACCEPTED");
        pairs[1].GetProperty("holds").GetBoolean().ShouldBeFalse();
        pairs[1].GetProperty("disposition").GetString().ShouldBe("NO_ROUTE");
        pairs[1].GetProperty("failure").GetString().ShouldStartWith("NO_ROUTE: ");
        root.GetProperty("holding").GetInt32().ShouldBe(1);
        root.GetProperty("total").GetInt32().ShouldBe(2);
    }

    [Fact]
    public void Reach_and_trace_judge_a_pair_alike()
    {
        foreach (var (from, to, port) in new[] { ("iks.web-1", "vcs.db", 5432), ("internet.user", "vcs.db", 5432), ("enterprise-user", "stretched-db", 5432) })
        {
            var reach = Repository.Netflow("reach", Sample, "--from", from, "--to", to, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var trace = Repository.Netflow("trace", Sample, "--from", from, "--to", $"{to}:{port}", "--proto", "tcp");
            reach.Exit.ShouldBe(trace.Exit, $"{from} → {to}");
        }
    }

    [Fact]
    public void Services_in_from_are_skipped_with_a_note_and_never_probed_as_sources()
    {
        var (exit, output, error) = Repository.Netflow("reach", Sample, "--from", "*.iks.*", "--to", "iks.web-1", "--port", "8080");

        error.ShouldContain("netflow: note: --from skips ibm-cloud.iks.alb-service, ibm-cloud.iks.strongswan-lb: services and devices without an address send no packets of their own.");
        output.ShouldNotContain("alb-service");
        output.ShouldContain("ibm-cloud.iks.web-2");
    }

    [Fact]
    public void A_from_of_services_only_is_one_line_and_exit_two()
    {
        var (exit, output, error) = Repository.Netflow("reach", Sample, "--from", "iks.alb-service");

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe("netflow: 'ibm-cloud.iks.alb-service' is a service (kube-proxy's rules on every worker of its cluster), which sends no packets of its own; --from names no device that sends packets.");
    }

    [Theory]
    [InlineData("--port", "tcp/http", "'tcp/http' in --port is not a service; use 443, tcp/443, udp/53 or icmp.")]
    [InlineData("--port", "70000", "'70000' in --port is not a port: a port is a number from 1 to 65535.")]
    [InlineData("--port", "udp/0", "'udp/0' in --port is not a port: a port is a number from 1 to 65535.")]
    [InlineData("--port", "icmp/8", "ICMP has no ports: write 'icmp' in --port, not 'icmp/8'.")]
    [InlineData("--from", "nowhere", "no device matches 'nowhere' in --from; give qualified names (internet.user), last name parts (web-1) or globs (ibm-cloud.iks.*).")]
    [InlineData("--to", "zz*", "no device matches 'zz*' in --to; give qualified names (internet.user), last name parts (web-1) or globs (ibm-cloud.iks.*).")]
    [InlineData("--to", "vcs.db:5432", "'vcs.db:5432' in --to names a port; --from and --to name devices, --port the services (443, udp/53).")]
    public void Bad_sets_and_ports_are_one_line_and_exit_two(string option, string value, string message)
    {
        var (exit, output, error) = Repository.Netflow("reach", Sample, option, value);

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe("netflow: " + message);
    }

    [Theory]
    [InlineData("reach", "--from", "c", "--to", "r", "'r' has no address to send to; --to names no device with an address.")]
    [InlineData("reach", "--from", "c", "--to", "c", "--from and --to leave no pair to probe: a device is never probed against itself.")]
    [InlineData("trace", "--from", "c", "--to", "r", "'r' has no address to send to; trace to an address, or to a device that has one.")]
    public void A_destination_without_an_address_or_no_pair_at_all_is_one_line_and_exit_two(string command, string fromOption, string from, string toOption, string to, string message)
    {
        // Found by the review: each probed 0.0.0.0 (NO_ROUTE, exit 1), or reported "All 0 pairs hold." with exit 0.
        var directory = Directory.CreateTempSubdirectory("netflow-reach-").FullName;
        try
        {
            var network = Path.Combine(directory, "net.netflow");
            File.WriteAllText(network, "range lan 10.0.0.0/24\nsegment s vlan 10 ranges lan\nclient c {\n  interface i 10.0.0.1 on s\n}\nrouter r\n");

            var (exit, output, error) = Repository.Netflow(command, network, fromOption, from, toOption, to);

            exit.ShouldBe(2);
            output.ShouldBeEmpty();
            error.Trim().ShouldBe("netflow: " + message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
