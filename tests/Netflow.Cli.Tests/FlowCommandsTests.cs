using System.Text.Json;

namespace Netflow.Cli.Tests;

public sealed class FlowCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-flows-").FullName;
    private static readonly string Sample = Path.Combine(Repository.Root(), "samples", "ibm-cloud-hybrid");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args) => Repository.Netflow(args);

    [Fact]
    public void Flows_OnTheSample_PassesEveryFlowWithNumberedSteps()
    {
        var (exit, output, _) = Run("flows", Sample);
        exit.ShouldBe(0);
        output.ShouldContain("PASS iks-web-to-vcs-db: Web tier hosted in a container in IKS to database tier hosted in a VM in vCenter Server");
        output.ShouldContain("ibm-cloud.iks.worker-1 translates the source 172.30.1.10 to 10.73.30.10");
        output.TrimEnd().ShouldEndWith("All 15 flows hold.");
    }

    [Fact]
    public void Flows_Json_HasAFlowsArrayWithDispositionsHopsAndSteps()
    {
        var (exit, output, _) = Run("flows", Sample, "--format", "json");
        exit.ShouldBe(0);
        using var json = JsonDocument.Parse(output);
        var flows = json.RootElement.GetProperty("flows");
        flows.GetArrayLength().ShouldBe(15);
        var flow = flows.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "iks-web-to-vcs-db");
        flow.GetProperty("disposition").GetString().ShouldBe("ACCEPTED");
        flow.GetProperty("passed").GetBoolean().ShouldBeTrue();
        var hops = flow.GetProperty("trace").GetProperty("hops");
        hops[0].GetProperty("device").GetString().ShouldBe("ibm-cloud.iks.web-1");
        hops[0].GetProperty("steps")[0].GetProperty("kind").GetString().ShouldBe("DNS_RESOLVED");
        flow.GetProperty("reply").GetProperty("disposition").GetString().ShouldBe("ACCEPTED");
    }

    [Fact]
    public void Build_ThenFlowsOnTheImage_GivesTheSameOutputAsTheSources()
    {
        var image = Path.Combine(_directory, "network.nfx");
        Run("build", Sample, "-o", image).Exit.ShouldBe(0);
        File.Exists(image).ShouldBeTrue();
        Directory.GetFiles(_directory).ShouldBe([image]);

        Run("flows", image).Out.ShouldBe(Run("flows", Sample).Out);
    }

    [Fact]
    public void Flows_OnACorruptedImage_IsOneClearLineAndExitTwo()
    {
        var image = Path.Combine(_directory, "network.nfx");
        Run("build", Sample, "-o", image);
        var bytes = File.ReadAllBytes(image);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(image, bytes);

        var (exit, output, error) = Run("flows", image);

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("corrupt");
    }

    [Fact]
    public void Flows_OnATruncatedImage_IsRefused()
    {
        var image = Path.Combine(_directory, "network.nfx");
        Run("build", Sample, "-o", image);
        File.WriteAllBytes(image, File.ReadAllBytes(image)[..100]);
        var (exit, _, error) = Run("flows", image);
        exit.ShouldBe(2);
        error.ShouldContain("truncated");
    }

    [Fact]
    public void Trace_FromAPodToADatabase_ShowsEveryStepAndSucceeds()
    {
        var (exit, output, _) = Run("trace", Sample, "--from", "iks.web-1", "--to", "db.vcs.example.com:5432");
        exit.ShouldBe(0);
        output.ShouldContain("resolves db.vcs.example.com to 192.168.10.20");
        output.ShouldContain("encapsulates in VXLAN");
        output.ShouldContain("Reply:");
    }

    [Fact]
    public void Trace_ToAService_GoesToItsClusterIp()
    {
        // Found by the review: a service has no interface, so its address was 0.0.0.0 ("no route to 0.0.0.0"), while a
        // flow to the same service went to its cluster IP.
        var (exit, output, _) = Run("trace", Sample, "--from", "iks.web-3", "--to", "ibm-cloud.iks.alb-service:443");
        exit.ShouldBe(0, output);
        output.ShouldContain("→ 172.21.50.10:443 tcp");
        output.ShouldNotContain("0.0.0.0");
    }

    [Fact]
    public void Trace_ToAnAddressWithNoRoute_ExitsOneAndSaysWhy()
    {
        var (exit, output, _) = Run("trace", Sample, "--from", "on-prem.enterprise-user", "--to", "198.18.0.1:80");
        exit.ShouldBe(1);
        output.ShouldContain("NO_ROUTE");
    }

    [Fact]
    public void Trace_WithAnAmbiguousDevice_NamesTheCandidates()
    {
        var (exit, _, error) = Run("trace", Sample, "--from", "web-1", "--to", "10.0.0.1");
        exit.ShouldBe(2);
        error.ShouldContain("ibm-cloud.iks.web-1");
        error.ShouldContain("ibm-cloud.vcs.icp.web-1");
    }

    [Theory]
    [InlineData("999.1.1.1", "'999.1.1.1' is not an IPv4 address: four numbers from 0 to 255, such as 10.73.30.10.")]
    [InlineData("10.0.0.1.5:80", "'10.0.0.1.5' is not an IPv4 address: four numbers from 0 to 255, such as 10.73.30.10.")]
    [InlineData(":80", "':80' gives a port but no destination; write NAME:PORT or ADDRESS:PORT, such as 10.73.30.10:443.")]
    [InlineData("https://", "'https://' is not a URL with a host, such as https://shop.iks.example.com.")]
    [InlineData("web.example.com:http", "'http' is not a port: a port is a number from 1 to 65535.")]
    // Found by the review: each of these was looked up as a host name (exit 1, no DNS record) or sent to port 0.
    [InlineData("10.1.1.1/24", "'10.1.1.1/24' is a prefix, not an address; trace one address of it, such as 10.1.1.1.")]
    [InlineData("host:443:1", "'host:443:1' has more than one ':'; write NAME:PORT or ADDRESS:PORT, such as 10.73.30.10:443.")]
    [InlineData("10.73.30.10:0", "'0' is not a port: a port is a number from 1 to 65535.")]
    [InlineData("https://shop.iks.example.com:0", "'0' is not a port: a port is a number from 1 to 65535.")]
    [InlineData("web 1", "'web 1' is not a destination: a device or service name, a host name, an IPv4 address or a URL, optionally with :PORT (such as 10.73.30.10:443).")]
    [InlineData("web-1:8080", "'web-1' could be ibm-cloud.vcs.icp.web-1 or ibm-cloud.iks.web-1; give the qualified name.")]
    [InlineData("nosuch", "no device is called 'nosuch' and no DNS record of the network names it; give a device's qualified name (ibm-cloud.vcs.db), a host name (db.vcs.example.com) or an address.")]
    // Found by the second review: IPv6 was read as NAME:PORT and looked up; a too-large URL port was "not a URL with a host".
    [InlineData("2001:db8::1", "'2001:db8::1' is an IPv6 address: IPv6 addresses are not supported; netflow models IPv4.")]
    [InlineData("[2001:db8::1]:443", "'[2001:db8::1]:443' is an IPv6 address: IPv6 addresses are not supported; netflow models IPv4.")]
    [InlineData("https://[::1]:443", "'https://[::1]:443' is an IPv6 address: IPv6 addresses are not supported; netflow models IPv4.")]
    [InlineData("https://shop.iks.example.com:99999", "'99999' is not a port: a port is a number from 1 to 65535.")]
    [InlineData("shop..example.com.", "'shop..example.com.' is not a destination: a device or service name, a host name, an IPv4 address or a URL, optionally with :PORT (such as 10.73.30.10:443).")]
    public void Trace_ToADestinationThatIsNone_IsOneLineAndExitTwo(string to, string message)
    {
        // Each was taken for a host name to look up (exit 1, NXDOMAIN) or read as a port.
        var (exit, output, error) = Run("trace", Sample, "--from", "internet.user", "--to", to);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe("netflow: " + message);
    }

    [Theory]
    [InlineData("10.73.30.10:443", "ICMP has no ports, but '10.73.30.10' is given with port 443; drop the port, or use --proto tcp or udp.")]
    [InlineData("https://shop.iks.example.com", "ICMP has no ports, but 'shop.iks.example.com' is given with port 443 (from its URL); drop the port, or use --proto tcp or udp.")]
    public void Trace_IcmpWithAPort_IsOneLineAndExitTwo_NotAPortSilentlyDropped(string to, string message)
    {
        // Found by the review: the port was dropped without a word and an ICMP echo traced instead.
        var (exit, output, error) = Run("trace", Sample, "--from", "internet.user", "--to", to, "--proto", "icmp");
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe("netflow: " + message);
    }

    [Fact]
    public void Trace_ABadDestination_IsRefusedBeforeTheNetworkIsCompiled()
    {
        // The sources' errors would otherwise come first: a usage error is one line, with nothing before it.
        var broken = Path.Combine(Repository.Root(), "samples", "broken", "NF3005-black-hole.netflow");
        var (exit, output, error) = Run("trace", broken, "--from", "a", "--to", "10.1.1.1/24");
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("netflow: '10.1.1.1/24' is a prefix");
    }

    [Fact]
    public void Trace_ToAHostNameTheDesignsDnsHolds_StillResolvesThroughIt()
    {
        var (exit, output, _) = Run("trace", Sample, "--from", "ibm-cloud.iks.web-1", "--to", "DB.vcs.example.com:5432", "--proto", "tcp");
        exit.ShouldBe(0, output);
        output.ShouldContain("resolves db.vcs.example.com to 192.168.10.20");
    }

    [Theory]
    [InlineData("db.vcs.example.com.:5432")]
    [InlineData("https://db.vcs.example.com.:5432/")]
    public void Trace_ToAnAbsoluteHostName_ResolvesTheSameName(string to)
    {
        // Found by the review: the trailing dot of an absolute name was looked up with the dot (NXDOMAIN, exit 1).
        var (exit, output, _) = Run("trace", Sample, "--from", "ibm-cloud.iks.web-1", "--to", to, "--proto", "tcp");
        exit.ShouldBe(0, output);
        output.ShouldContain("→ " + to + " tcp");
        output.ShouldContain("resolves db.vcs.example.com to 192.168.10.20");
    }

    [Fact]
    public void Trace_ToAPastedAddressWithSpaces_TracesTheAddress()
    {
        // Found by the review: " 203.0.113.18" was taken for a host name and looked up in DNS.
        var (exit, output, error) = Run("trace", Sample, "--from", "ibm-cloud.vcs.icp.master", "--to", " 192.0.2.80:443 ");
        exit.ShouldBe(0, output + error);
        output.ShouldNotContain("DNS query");
        output.ShouldContain("→ 192.0.2.80:443 tcp");
    }

    [Fact]
    public void Trace_ToAUrlWithAnAddress_NeedsNoDns()
    {
        var (exit, output, _) = Run("trace", Sample, "--from", "ibm-cloud.vcs.icp.master", "--to", "https://192.0.2.80");
        exit.ShouldBe(0);
        output.ShouldNotContain("DNS query");
        output.ShouldContain("192.0.2.80:443 tcp");
    }

    [Fact]
    public void Trace_FromAService_IsRefused_ItSendsNothingOfItsOwn()
    {
        var (exit, output, error) = Run("trace", Sample, "--from", "iks.alb-service", "--to", "172.30.1.10:8080", "--proto", "tcp");
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe("netflow: 'ibm-cloud.iks.alb-service' is a service (kube-proxy's rules on every worker of its cluster), which sends no packets of its own; trace from a device that sends, such as a pod, vm or client.");
    }

    [Fact]
    public void Build_IntoAMissingFolder_IsOneLineAndExitTwo()
    {
        var (exit, _, error) = Run("build", Sample, "-o", Path.Combine(_directory, "no", "such", "network.nfx"));
        exit.ShouldBe(2);
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("netflow: cannot write");
    }
}
