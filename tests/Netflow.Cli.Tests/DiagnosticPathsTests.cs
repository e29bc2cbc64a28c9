using System.Text.Json;
using Netflow.Cli.Output;

namespace Netflow.Cli.Tests;

/// <summary><c>--paths absolute|relative</c>, on a file below the working directory (where the two differ).</summary>
public sealed class DiagnosticPathsTests : IDisposable
{
    private readonly string _relative = Path.Combine("paths-test-" + Guid.NewGuid().ToString("N"), "bad.netflow");

    public DiagnosticPathsTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_relative))!);
        File.WriteAllText(_relative, "router r {\n  route default via nowhere\n}\n");
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Path.GetFullPath(_relative))!, recursive: true);

    private const string Error = "(2,21): error NF1001: ";

    [Fact]
    public void Relative_NamesAFileBelowTheWorkingDirectoryRelatively()
    {
        var (exit, output, _) = Repository.Netflow("check", _relative, "--paths", "relative");
        exit.ShouldBe(1);
        output.ShouldStartWith(_relative + Error);
    }

    [Fact]
    public void Absolute_NamesItByItsFullPath_InTextAndJson()
    {
        Repository.Netflow("check", _relative, "--paths", "absolute").Out.ShouldStartWith(Path.GetFullPath(_relative) + Error);

        var json = JsonDocument.Parse(Repository.Netflow("check", _relative, "--paths", "absolute", "--format", "json").Out);
        json.RootElement.GetProperty("diagnostics")[0].GetProperty("path").GetString().ShouldBe(Path.GetFullPath(_relative));
    }

    [Fact]
    public void ByDefault_OutputThatIsNoTerminal_NamesFilesAbsolutely()
    {
        Repository.Netflow("check", _relative).Out.ShouldStartWith(Path.GetFullPath(_relative) + Error);
    }

    [Fact]
    public void OnATerminal_TheDefaultIsRelative_UnlessCIIsSet()
    {
        var terminal = new TerminalWriter(new StringWriter(), 80, color: false);
        DiagnosticPaths.DefaultFor(terminal, ci: null).ShouldBe("relative");
        DiagnosticPaths.DefaultFor(terminal, ci: "true").ShouldBe("absolute");
        DiagnosticPaths.DefaultFor(new StringWriter(), ci: null).ShouldBe("absolute");
    }

    [Fact]
    public void AnyOtherValue_IsAUsageError()
    {
        var (exit, _, error) = Repository.Netflow("check", _relative, "--paths", "full");
        exit.ShouldBe(2);
        error.ShouldContain("--paths");
    }

    [Theory]
    [InlineData("flows")]
    [InlineData("build")]
    [InlineData("render")]
    [InlineData("reach")]
    public void TheCommandsThatCompile_NameTheFilesOfTheErrorsTheyPrint_AsChosen(string command)
    {
        var relative = Repository.Netflow(command, _relative, "--paths", "relative");
        relative.Exit.ShouldBe(1);
        relative.Err.ShouldStartWith(_relative + Error);

        Repository.Netflow(command, _relative, "--paths", "absolute").Err.ShouldStartWith(Path.GetFullPath(_relative) + Error);
        Repository.Netflow(command, _relative).Err.ShouldStartWith(Path.GetFullPath(_relative) + Error);
    }

    [Fact]
    public void Trace_NamesTheFilesOfTheErrorsItPrints_AsChosen()
    {
        Repository.Netflow("trace", _relative, "--from", "r", "--to", "10.0.0.1", "--paths", "relative").Err.ShouldStartWith(_relative + Error);
        Repository.Netflow("trace", _relative, "--from", "r", "--to", "10.0.0.1").Err.ShouldStartWith(Path.GetFullPath(_relative) + Error);
    }
}
