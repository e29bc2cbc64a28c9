using Netflow.Compiler;
using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Syntax;
using Netflow.Runtime.Image;

namespace Netflow.Lab.Tests;

/// <summary>Compiling samples, unique lab names, and the rule for machines without namespaces.</summary>
internal static class LabFixture
{
    private static int _next;

    /// <summary>A lab name no other test run on this machine uses at the same time (process id and a counter).</summary>
    public static LabName UniqueName() =>
        LabName.TryCreate($"t{Environment.ProcessId % 100000:x}{Interlocked.Increment(ref _next):x}")!;

    /// <summary>Whether this is CI (CI=true), which installs the lab's tools and runs as root: there a lab test must run.</summary>
    public static bool InCi() => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a lab test is skipped here (not root, no `ip`, `nft` or `bridge`), or null: never in CI, where it must run.</summary>
    public static string? SkipReason() => InCi() ? null : HostCommands.MissingPrerequisite();

    /// <summary>
    /// The first line of every kernel test. Outside CI a test that cannot run is skipped (<see cref="LabFactAttribute"/>);
    /// in CI (root, namespaces, the tools installed) a missing prerequisite fails it rather than letting it pass without
    /// having looked, and so does a lab that cannot be built (its exception).
    /// </summary>
    public static void RequireLab()
    {
        if (HostCommands.MissingPrerequisite() is { } missing) Assert.Fail($"CI must be able to build the lab: {missing}");
    }

    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above the test binaries.");
    }

    public static NetworkImage CompileSample(string relative)
    {
        var loaded = SourceLoader.Load([Path.Combine(Root(), relative)]);
        loaded.Error.ShouldBeNull();
        return Compile(loaded.Sources.Select(SyntaxTree.Parse));
    }

    public static NetworkImage CompileText(string text) => Compile([SyntaxTree.Parse("generated.netflow", text)]);

    private static NetworkImage Compile(IEnumerable<SyntaxTree> trees)
    {
        var compilation = Checker.Compile(trees);
        compilation.HasBlockingErrors.ShouldBeFalse(string.Join("\n", compilation.Diagnostics.Where(d => d.IsError)));
        return ImageCompiler.Compile(compilation);
    }

    public static IReadOnlyList<string> OwnNamespaces(LabName name) => new HostCommands(name).ListNamespaces().Where(name.Owns).ToList();

    /// <summary>
    /// Runs a lab test and checks that it left nothing behind: no namespace of its own, and the host's namespace with
    /// the links and the nftables ruleset it had before.
    /// </summary>
    public static LabReport Test(NetworkImage image, CancellationToken cancel = default, Action<string>? progress = null)
    {
        var name = UniqueName();
        var links = HostLinks();
        var rules = HostRuleset();
        try
        {
            return new LabTest(image, name).Run(cancel, progress);
        }
        finally
        {
            OwnNamespaces(name).ShouldBeEmpty();
            HostLinks().Except(links).ShouldBeEmpty();
            HostRuleset().ShouldBe(rules);
        }
    }

    /// <summary>The links of the host's own namespace (reading them is harmless).</summary>
    public static IReadOnlyList<string> HostLinks() =>
        HostOutput("ip", "-o link show").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[1].Trim().Split('@')[0]).Order(StringComparer.Ordinal).ToList();

    /// <summary>The nftables ruleset of the host's own namespace.</summary>
    public static string HostRuleset() => HostOutput("nft", "list ruleset");

    private static string HostOutput(string program, string arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo(program, arguments) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<LabReport>> Reports = new();

    /// <summary>A sample's lab test, run once per test run and shared by the tests that read it.</summary>
    public static LabReport SampleReport(string sample) => Reports.GetOrAdd(sample, s => new Lazy<LabReport>(() => Test(CompileSample(s)))).Value;

    private static IReadOnlyList<(string Sample, string Flow, string Difference)> Known() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "known-disagreements.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 4))
            .Select(p => (p[0], p[1], p[3]))
            .ToList();

    /// <summary>Every disagreement is listed in known-disagreements.txt for this network, and every one listed still happens.</summary>
    public static void ShouldDisagreeOnlyAsKnown(LabReport report, string network, string? source = null)
    {
        var known = Known().Where(k => k.Sample == network).ToList();
        var disagreeing = report.Flows.Where(f => !f.Agrees).Select(f => (f.Flow, f.FirstDifference)).ToList();
        var description = Describe(report) + (source is null ? "" : "\n" + source);
        foreach (var (flow, difference) in disagreeing)
        {
            known.ShouldContain(k => k.Flow == flow && difference.StartsWith(k.Difference, StringComparison.Ordinal),
                $"a new disagreement: {flow}: {difference}\n{description}");
        }
        foreach (var k in known)
        {
            disagreeing.ShouldContain(d => d.Flow == k.Flow, $"{k.Flow} agrees now: remove it from known-disagreements.txt\n{description}");
        }
    }

    public static string Describe(LabReport report)
    {
        var writer = new StringWriter();
        LabReportWriter.WriteText(writer, report);
        return writer.ToString();
    }
}

/// <summary>A test that builds labs in the kernel: skipped where it cannot run (not root, tools missing), except in CI.</summary>
public sealed class LabFactAttribute : FactAttribute
{
    public LabFactAttribute() => Skip = LabFixture.SkipReason();
}

/// <summary>A theory that builds labs in the kernel: skipped where it cannot run (not root, tools missing), except in CI.</summary>
public sealed class LabTheoryAttribute : TheoryAttribute
{
    public LabTheoryAttribute() => Skip = LabFixture.SkipReason();
}
