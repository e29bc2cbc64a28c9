using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Netflow.Compiler;
using Netflow.Language.Diagnostics;
using NetflowDiagnostic = Netflow.Language.Diagnostics.Diagnostic;
using NetflowSourceText = Netflow.Language.Text.SourceText;

namespace Netflow.Analyzers;

/// <summary>
/// The Netflow check of a C# compilation's .netflow files, done once for every analyzer that needs it (the .netflow
/// diagnostics, the names that C# strings must match), and dropped with the compilation. A file longer than the limit
/// stops it before parsing: one NF0016 per such file, and no result, so that no build stalls on a huge file.
/// </summary>
internal static class SharedCheck
{
    /// <summary>The longest .netflow file the build checks, in characters (1 MiB; the reference sample is about 30 kB in all).</summary>
    public const int DefaultMaxFileLength = 1024 * 1024;

    /// <summary>The MSBuild property (optional) that moves the limit.</summary>
    public const string MaxFileLengthProperty = "build_property.NetflowAnalyzerMaxFileLength";

    private static readonly ConditionalWeakTable<Compilation, Lazy<Outcome>> Results = new();

    /// <summary>The check's result, or null at the limit; the diagnostics to report in either case.</summary>
    public sealed record Outcome(CheckResult? Result, IReadOnlyList<NetflowDiagnostic> Diagnostics);

    public static Lazy<Outcome> For(Compilation compilation, ImmutableArray<AdditionalText> files, AnalyzerConfigOptions options, CancellationToken cancellation) =>
        Results.GetValue(compilation, _ => new Lazy<Outcome>(() => Check(NetflowFiles.Read(files, cancellation), MaxFileLength(options), cancellation)));

    public static Outcome Check(IReadOnlyList<NetflowSourceText> sources, int maxFileLength, CancellationToken cancellation)
    {
        var tooLong = sources.Where(s => s.Length > maxFileLength).ToList();
        if (tooLong.Count > 0)
        {
            var bag = new DiagnosticBag();
            foreach (var source in tooLong) bag.ReportFileTooLargeForAnalyzer(source, maxFileLength);
            return new(null, bag.ToList());
        }
        var result = Checker.Check(sources, cancellation);
        return new(result, result.Diagnostics);
    }

    public static int MaxFileLength(AnalyzerConfigOptions options) =>
        options.TryGetValue(MaxFileLengthProperty, out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : DefaultMaxFileLength;
}
