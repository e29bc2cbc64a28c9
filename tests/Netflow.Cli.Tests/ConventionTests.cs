using System.Text.RegularExpressions;
using Netflow.Language.Diagnostics;

namespace Netflow.Cli.Tests;

/// <summary>Command-line conventions: typo suggestions, unknown options, case-insensitive values, exit codes that agree.</summary>
public sealed class ConventionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-conventions-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Sample(string name) => Path.Combine(Repository.Root(), "samples", name);

    private static string Loop => Path.Combine(Repository.Root(), "samples", "variants", "routing-loop");

    [Fact]
    public void AMistypedCommand_IsOneLineSuggestingTheNearestCommand()
    {
        var (exit, output, error) = Repository.Netflow("chek", Sample("ibm-cloud-hybrid"));
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith("netflow: 'chek' is not a netflow command; did you mean 'check'?");
    }

    [Fact]
    public void AnUnknownOption_IsReportedAsAnOption_NotTakenAsAPath()
    {
        var (exit, _, error) = Repository.Netflow("check", "--formt", "json", Sample("ibm-cloud-hybrid"));
        exit.ShouldBe(2);
        error.ShouldStartWith("netflow: '--formt' is not an option of 'netflow check'; did you mean '--format'?");
    }

    [Fact]
    public void OptionValues_AreCaseInsensitive()
    {
        var (exit, output, error) = Repository.Netflow("trace", Sample("ibm-cloud-hybrid"), "--from", "iks.web-1", "--to", "db.vcs.example.com:5432", "--proto", "TCP", "-f", "Json");
        exit.ShouldBe(0, error);
        output.ShouldStartWith("{");
        error.ShouldNotContain("note");
    }

    [Fact]
    public void Trace_SaysWhichProtocolAndPortItChoseWhenNoneAreGiven()
    {
        var (_, _, error) = Repository.Netflow("trace", Sample("ibm-cloud-hybrid"), "--from", "iks.web-1", "--to", "db.vcs.example.com");
        error.ShouldContain("netflow: note: no protocol or port given, so the packet is tcp port 80;");
    }

    [Theory]
    [InlineData("iks.web-1", "db.vcs.example.com:5432")]
    [InlineData("internet.user", "https://shop.iks.example.com")]
    public void Trace_WithAPortOrAUrl_PrintsNoNoteAboutTheProtocol(string from, string to)
    {
        // Found by the review: "no protocol given" was printed for a port or a URL, which say what is meant.
        var (exit, _, error) = Repository.Netflow("trace", Sample("ibm-cloud-hybrid"), "--from", from, "--to", to);
        exit.ShouldBe(0, error);
        error.ShouldNotContain("note");
    }

    [Fact]
    public void AFileNamedExplicitly_ThatIsNotNetflow_IsOneClearLine()
    {
        var path = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(path, "not a network\n");
        var (exit, output, error) = Repository.Netflow("check", path);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe($"netflow: '{path}' is not a .netflow file; name .netflow files or folders that contain them.");
    }

    [Fact]
    public void Flows_Trace_AndBuild_ExitOne_WhenTheSourcesHaveErrors_WhateverTheyThenRun()
    {
        Repository.Netflow("check", Loop).Exit.ShouldBe(1);
        Repository.Netflow("flows", Loop).Exit.ShouldBe(1);
        Repository.Netflow("trace", Loop, "--from", "iks.web-1", "--to", "10.73.30.1:22").Exit.ShouldBe(1);
        var image = Path.Combine(_directory, "loop.nfx");
        Repository.Netflow("build", Loop, "-o", image).Exit.ShouldBe(1);
        File.Exists(image).ShouldBeTrue();
    }

    [Fact]
    public void Explain_PrintsEveryCodesSectionOfTheDiagnosticsPage()
    {
        var page = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "diagnostics.md")).ReplaceLineEndings("\n");
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            var (exit, output, _) = Repository.Netflow("explain", descriptor.Code.ToLowerInvariant());
            exit.ShouldBe(0);
            output.ShouldStartWith($"## {descriptor.Code}: ");
            page.ShouldContain(output.TrimEnd());
        }
    }

    [Fact]
    public void TheDiagnosticsPage_ListsEveryWarning_AndOnlyThose()
    {
        var page = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "diagnostics.md")).ReplaceLineEndings("\n");
        var list = Regex.Match(page, @"These codes are warnings: (.*?)\. All others are\s+errors\.", RegexOptions.Singleline);
        var listed = Regex.Matches(list.Groups[1].Value, @"\[(NF\d{4})\]").Select(m => m.Groups[1].Value);

        listed.ShouldBe(
            DiagnosticDescriptors.All.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Code),
            ignoreOrder: true);
    }

    [Fact]
    public void Explain_AnUnknownCode_IsOneLineAndExitTwo()
    {
        var (exit, output, error) = Repository.Netflow("explain", "NF9999");
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("netflow: 'NF9999' is not a Netflow diagnostic code");
    }
}
