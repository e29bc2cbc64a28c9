using System.Text.Json;

namespace Netflow.Cli.Tests;

/// <summary>
/// Names, descriptions, titles and file names that try to forge output: a newline and a fake diagnostic in a file
/// name, terminal escape sequences and a fake PASS in a title, a C1 CSI and a bidirectional override. Every output
/// format must print them escaped, so each line is what netflow meant to print.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-hostile-").FullName;

    public HostileInputTests()
    {
        File.WriteAllText(Path.Combine(_directory, "evil\nerror NF9999: forged\r.netflow"),
            "site s \"evil \u001b[2J site\" {\n" +
            "  range r 10.0.0.0/24\n" +
            "  range unused 10.9.0.0/24\n" +
            "  segment lan subnet ranges r\n" +
            "  client a \"desc \u001b]0;title\u0007 \u202e\" {\n" +
            "    interface eth0 10.0.0.1 on lan\n" +
            "  }\n" +
            "  client b {\n" +
            "    interface eth0 10.0.0.2 on lan\n" +
            "  }\n" +
            "}\n" +
            "flow f \"title \u001b[32mPASS\u001b[0m \u0085error NF0001: forged \u009b2J\" {\n" +
            "  from s.a\n" +
            "  to s.b\n" +
            "}\n");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly char[] Forbidden = ['\u001b', '\u0007', '\u0085', '\u009b', '\u202e', '\r'];

    private static void ShouldHaveNoForgedLine(string output)
    {
        output.IndexOfAny(Forbidden).ShouldBe(-1, output);
        foreach (var line in output.Split('\n'))
        {
            line.ShouldNotStartWith("error NF9999");
            line.ShouldNotStartWith("error NF0001");
            line.ShouldNotContain("PASS\u001b");
        }
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "--format", "json")]
    [InlineData("check", "--format", "sarif")]
    [InlineData("flows")]
    [InlineData("flows", "--format", "json")]
    [InlineData("trace", "--from", "s.a", "--to", "s.b")]
    [InlineData("trace", "--from", "s.a", "--to", "s.b", "--format", "json")]
    [InlineData("render")]
    public void Output_EscapesEverythingUsersWrote(params string[] command)
    {
        var (_, output, error) = Repository.Netflow([command[0], _directory, .. command[1..]]);
        ShouldHaveNoForgedLine(output);
        ShouldHaveNoForgedLine(error);
        output.Length.ShouldBeGreaterThan(0);
        if (command.Contains("json") || command.Contains("sarif")) JsonDocument.Parse(output).ShouldNotBeNull();
    }

    [Fact]
    public void Text_ShowsTheEscapesSoTheReaderSeesWhatWasWritten()
    {
        var (_, flows, _) = Repository.Netflow("flows", _directory);
        flows.ShouldContain(@"PASS f: title \u001B[32mPASS\u001B[0m \u0085error NF0001: forged \u009B2J");
        flows.Split('\n').Count(line => line.StartsWith("PASS", StringComparison.Ordinal)).ShouldBe(1);
        var (_, check, _) = Repository.Netflow("check", _directory);
        check.ShouldContain(@"evil\nerror NF9999: forged\r.netflow(3,9): warning NF2005:");
    }

    [Fact]
    public void Json_KeepsTheValueAndEscapesItInTheText()
    {
        var (_, json, _) = Repository.Netflow("flows", _directory, "--format", "json");
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("flows")[0].GetProperty("title").GetString()
            .ShouldBe("title \u001b[32mPASS\u001b[0m \u0085error NF0001: forged \u009b2J");
    }

    [Fact]
    public void UnknownDeviceNamedOnTheCommandLine_IsEscapedInTheError()
    {
        var (exit, _, error) = Repository.Netflow("trace", _directory, "--from", "x\u001b[2J\nerror NF9999", "--to", "s.b");
        exit.ShouldBe(2);
        ShouldHaveNoForgedLine(error);
        error.ShouldContain(@"x\u001B[2J\nerror NF9999");
    }
}
