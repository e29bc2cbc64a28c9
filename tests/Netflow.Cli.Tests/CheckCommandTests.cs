using System.Text.Json;
using Netflow.Cli;

namespace Netflow.Cli.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => Repository.Netflow(args);

    [Fact]
    public void Check_CleanFolder_ExitsZeroWithSummary()
    {
        Write("a/net.netflow", "range r 10.0.0.0/8\nsegment s vlan 1 ranges r\n");
        var (exit, output, _) = Run("check", _directory);
        exit.ShouldBe(0);
        output.Trim().ShouldBe("No problems in 1 file.");
    }

    [Fact]
    public void Check_Errors_PrintsMsBuildFormatAndExitsOne()
    {
        var path = Write("bad.netflow", "router r {\n  route default via nowhere\n}\n");
        var (exit, output, _) = Run("check", path);
        exit.ShouldBe(1);
        var lines = output.Trim().Split('\n');
        lines[0].ShouldEndWith("bad.netflow(2,21): error NF1001: The name 'nowhere' does not exist in router 'r' or around it.");
        lines[^1].ShouldBe("1 error, 0 warnings in 1 file.");
    }

    [Fact]
    public void Check_Timings_PrintsEveryPhaseToStandardErrorAndLeavesTheOutputAlone()
    {
        var path = Write("bad.netflow", "router r {\n  route default via nowhere\n}\n");
        var plain = Run("check", path);
        var (exit, output, error) = Run("check", path, "--timings");

        exit.ShouldBe(plain.Exit);
        output.ShouldBe(plain.Out);
        var rows = error.Trim().Split('\n');
        rows[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["phase", "ms", "alloc", "MB", "GCs", "full"]);
        // A name error blocks the image, so the phases after the checks are the image's (nothing compiled) and printing.
        rows.Skip(1).TakeWhile(r => !r.StartsWith("total", StringComparison.Ordinal)).Select(r => r.Split(' ')[0])
            .ShouldBe(["read", "lex", "parse", "bind", "address", "topology", "routing", "address", "clash", "route", "sanity", "order", "image", "forwarding", "severities", "print"]);
        rows[^2].ShouldStartWith("total");
        rows[^1].ShouldStartWith("GC pauses");
    }

    [Fact]
    public void Check_MissingPath_IsOneLineAndExitTwo()
    {
        var (exit, output, error) = Run("check", Path.Combine(_directory, "nope"));
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("netflow: '");
    }

    [Fact]
    public void NoCommand_IsAUsageErrorPointingAtHelp()
    {
        var (exit, _, error) = Run();
        exit.ShouldBe(2);
        error.ShouldContain("netflow --help");
    }

    [Fact]
    public void Check_FolderWithoutNetflowFiles_IsExitTwo()
    {
        Write("readme.txt", "nothing here");
        Run("check", _directory).Exit.ShouldBe(2);
    }

    [Fact]
    public void Check_Json_FollowsTheDocumentedSchema()
    {
        var path = Write("bad.netflow", "router a\nrouter a\n");
        var (exit, output, _) = Run("check", path, "--format", "json");
        exit.ShouldBe(1);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("version").GetInt32().ShouldBe(1);
        root.GetProperty("errors").GetInt32().ShouldBe(1);
        var diagnostic = root.GetProperty("diagnostics")[0];
        diagnostic.GetProperty("code").GetString().ShouldBe("NF1002");
        diagnostic.GetProperty("start").GetProperty("line").GetInt32().ShouldBe(2);
        diagnostic.GetProperty("start").GetProperty("column").GetInt32().ShouldBe(8);
        diagnostic.GetProperty("helpUri").GetString().ShouldBe(Netflow.Language.Diagnostics.DiagnosticDescriptor.DefaultHelpBase + "#nf1002");
        diagnostic.GetProperty("related")[0].GetProperty("start").GetProperty("line").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Check_Sarif_IsSarif210WithRulesAndRegions()
    {
        var path = Write("bad.netflow", "range r 10.0.0.5/8\nsegment s vlan ranges r\n");
        var (_, output, _) = Run("check", path, "--format", "sarif");
        using var json = JsonDocument.Parse(output);
        var run = json.RootElement.GetProperty("runs")[0];
        json.RootElement.GetProperty("version").GetString().ShouldBe("2.1.0");
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        rules.EnumerateArray().ShouldContain(r => r.GetProperty("id").GetString() == "NF2002");
        var result = run.GetProperty("results")[0];
        result.GetProperty("ruleId").GetString().ShouldBe("NF2002");
        rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString().ShouldBe("NF2002");
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        region.GetProperty("startLine").GetInt32().ShouldBe(1);
        region.GetProperty("startColumn").GetInt32().ShouldBe(9);
    }

    [Fact]
    public void Help_ExplainsTheCheckCommand()
    {
        var (exit, output, _) = Run("check", "--help");
        exit.ShouldBe(0);
        output.ShouldContain("--format");
        output.ShouldContain("sarif");
    }
}
