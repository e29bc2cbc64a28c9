using System.Text.Json;
using Netflow.Compiler.Configuration;

namespace Netflow.Cli.Tests;

/// <summary>'netflow check' honours the severities .editorconfig and .globalconfig set, as the analyzer does in a build.</summary>
public sealed class SeverityConfigurationTests : IDisposable
{
    private const string UnknownName = "router r {\n  route default via nowhere\n}\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-severity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ASeverityOfWarning_TurnsAnErrorIntoAWarning_AndTheCheckPasses()
    {
        Write(".editorconfig", "root = true\n[*.netflow]\nnetflow_diagnostic.NF1001.severity = warning\n");
        var (exit, output, _) = Repository.Netflow("check", Write("net.netflow", UnknownName));
        exit.ShouldBe(0);
        output.ShouldContain("): warning NF1001: ");
        output.ShouldContain("0 errors, 1 warning in 1 file.");
    }

    [Fact]
    public void ASeverityOfNone_SilencesTheCode()
    {
        Write(".editorconfig", "root = true\n[*.netflow]\nnetflow_diagnostic.nf1001.severity = none\n");
        var (exit, output, _) = Repository.Netflow("check", Write("net.netflow", UnknownName));
        exit.ShouldBe(0);
        output.Trim().ShouldBe("No problems in 1 file.");
    }

    [Fact]
    public void TheNearestEditorConfig_Wins_AndOnlyItsMatchingSectionsApply()
    {
        Write(".editorconfig", "root = true\n[*.netflow]\nnetflow_diagnostic.NF1001.severity = none\n");
        Write("strict/.editorconfig", "[other.netflow]\nnetflow_diagnostic.NF1001.severity = none\n[s*.netflow]\nnetflow_diagnostic.NF1001.severity = error\n");
        Write("quiet.netflow", UnknownName);
        Write("strict/strict.netflow", UnknownName.Replace("router r", "router s", StringComparison.Ordinal));
        var (exit, output, _) = Repository.Netflow("check", _directory);
        exit.ShouldBe(1);
        output.ShouldContain("strict.netflow(2,21): error NF1001: ");
        output.ShouldNotContain("quiet.netflow");
    }

    [Fact]
    public void RootTrue_StopsTheSearchForEditorConfigsAbove()
    {
        Write(".editorconfig", "[*.netflow]\nnetflow_diagnostic.NF1001.severity = none\n");
        Write("project/.editorconfig", "root = true\n");
        var (exit, output, _) = Repository.Netflow("check", Write("project/net.netflow", UnknownName));
        exit.ShouldBe(1);
        output.ShouldContain("error NF1001");
    }

    [Fact]
    public void AGlobalConfigsDotnetDiagnosticSeverity_AppliesBelowEditorConfig()
    {
        Write(".globalconfig", "is_global = true\ndotnet_diagnostic.NF1001.severity = none\n");
        var (exit, output, _) = Repository.Netflow("check", Write("net.netflow", UnknownName));
        exit.ShouldBe(0);
        output.Trim().ShouldBe("No problems in 1 file.");

        Write(".editorconfig", "root = true\n[*.netflow]\nnetflow_diagnostic.NF1001.severity = error\n");
        Repository.Netflow("check", Path.Combine(_directory, "net.netflow")).Exit.ShouldBe(1);
    }

    [Theory]
    [InlineData("*.netflow", "a/b/net.netflow", true)]
    [InlineData("*.netflow", "net.cs", false)]
    [InlineData("a/*.netflow", "a/net.netflow", true)]
    [InlineData("a/*.netflow", "a/b/net.netflow", false)]
    [InlineData("/a/**.netflow", "a/b/net.netflow", true)]
    [InlineData("{net,edge}.netflow", "x/edge.netflow", true)]
    [InlineData("*.{netflow,cs}", "x.cs", true)]
    [InlineData("site[12].netflow", "site2.netflow", true)]
    [InlineData("site[!12].netflow", "site2.netflow", false)]
    [InlineData("site{1..10}.netflow", "site7.netflow", true)]
    [InlineData("site{1..10}.netflow", "site11.netflow", false)]
    [InlineData("ne?.netflow", "net.netflow", true)]
    public void SectionGlobs_MatchAsEditorConfigSpecifies(string glob, string file, bool matches)
    {
        Write(".editorconfig", $"root = true\n[{glob}]\nkey = yes\n");
        new EditorConfig().PropertiesFor(Path.Combine(_directory, file)).ContainsKey("key").ShouldBe(matches);
    }

    [Fact]
    public void TheHelpBaseUrl_MovesTheHelpLinks_AndMustBeAbsolute()
    {
        var path = Write("net.netflow", UnknownName);
        var (_, output, _) = Repository.Netflow("check", path, "--format", "json", "--help-base-url", "https://docs.example.com/diagnostics");
        JsonDocument.Parse(output).RootElement.GetProperty("diagnostics")[0].GetProperty("helpUri").GetString()
            .ShouldBe("https://docs.example.com/diagnostics#nf1001");

        var (exit, _, error) = Repository.Netflow("check", path, "--help-base-url", "docs/diagnostics.md");
        exit.ShouldBe(2);
        error.ShouldContain("absolute URL");
    }
}
