using System.Text.RegularExpressions;

namespace Netflow.Cli.Tests;

/// <summary>Every example a command's --help gives runs on the sample as written, and holds (exit code 0).</summary>
public sealed partial class HelpTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-help-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly string[] Commands = ["check", "flows", "trace", "build", "render", "explain", "reach", "lab"];

    [GeneratedRegex(@"(?:Example: |Start with |then )'?netflow ([^\n]*?)'?(?=, then|\.?\n|\.?$)")]
    private static partial Regex Example();

    /// <summary>The words of an example as a shell splits them: single quotes keep a glob whole.</summary>
    private static string[] Words(string command) =>
        [.. Regex.Matches(command, @"'([^']*)'|(\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];

    [Theory]
    [InlineData(new[] { "trace", "samples", "--from", "a", "--to", "b", "--proto", "sctp" }, "netflow trace --help")]
    [InlineData(new[] { "lab", "up" }, "netflow lab up --help")]
    [InlineData(new[] { "nosuch" }, "netflow --help")]
    public void AUsageError_PointsAtTheHelpOfTheCommandMeant(string[] args, string help)
    {
        var (exit, output, error) = Repository.Netflow(args);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].ShouldBe($"Run '{help}' for usage.");
    }

    [Fact]
    public void EveryExampleInTheHelp_RunsOnTheSampleAndHolds()
    {
        var helps = Commands.Select(c => Repository.Netflow(c, "--help").Out).Append(Repository.Netflow("--help").Out);
        var examples = helps.SelectMany(h => Example().Matches(h).Select(m => m.Groups[1].Value.Trim())).Distinct().ToList();

        examples.Count.ShouldBe(5, string.Join("\n---\n", helps));
        foreach (var example in examples)
        {
            var args = Words(example).Select(w => w.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(Repository.Root(), w)
                : w == "pictures/" ? _directory + "/" : w).ToArray();
            var (exit, output, error) = Repository.Netflow(args);
            exit.ShouldBe(0, $"netflow {example}\n{output}{error}");
        }
    }
}
