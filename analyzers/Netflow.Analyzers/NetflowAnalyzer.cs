using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Netflow.Compiler;
using NetflowDiagnostic = Netflow.Language.Diagnostics.Diagnostic;
using NetflowDescriptor = Netflow.Language.Diagnostics.DiagnosticDescriptor;
using NetflowSeverity = Netflow.Language.Diagnostics.DiagnosticSeverity;
using NetflowSourceText = Netflow.Language.Text.SourceText;
using NetflowLocation = Netflow.Language.Text.SourceLocation;

namespace Netflow.Analyzers;

/// <summary>
/// Reports Netflow's diagnostics inside C# builds and IDEs: every .netflow file in the project's AdditionalFiles is part
/// of one Netflow compilation (names resolve across them, as on the command line), checked once per C# compilation,
/// and each file gets the diagnostics located in it, with the same codes, messages and help links as 'netflow check'.
/// Text is read only through AdditionalText.GetText(): no file IO.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetflowAnalyzer : DiagnosticAnalyzer
{
    public const string Extension = ".netflow";

    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> Descriptors =
        Language.Diagnostics.DiagnosticDescriptors.All.ToImmutableDictionary(d => d.Code, ToRoslyn);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [.. Descriptors.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // MSBuild may pass one file twice, under two spellings of its path: it is one file.
            var files = start.Options.AdditionalFiles.Where(IsNetflow).DistinctBy(f => Normalize(f.Path), StringComparer.Ordinal).ToImmutableArray();
            if (files.IsEmpty) return;
            // One Netflow compilation over all the files, built by whichever file action asks first.
            var diagnostics = new Lazy<IReadOnlyList<NetflowDiagnostic>>(() => Check(files, start.CancellationToken));
            var reported = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            start.RegisterAdditionalFileAction(file =>
            {
                if (!IsNetflow(file.AdditionalFile) || !reported.TryAdd(Normalize(file.AdditionalFile.Path), true)) return;
                var path = files.First(f => Normalize(f.Path) == Normalize(file.AdditionalFile.Path)).Path;
                foreach (var diagnostic in diagnostics.Value)
                {
                    if (diagnostic.Location.Path == path) file.ReportDiagnostic(ToRoslyn(diagnostic));
                }
            });
        });
    }

    /// <summary>A path with '.' and '..' segments resolved and one kind of separator, without touching the file system.</summary>
    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] is not ("" or "..")) parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }
        return string.Join("/", parts);
    }

    private static bool IsNetflow(AdditionalText file) => file.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<NetflowDiagnostic> Check(ImmutableArray<AdditionalText> files, CancellationToken cancellation)
    {
        var sources = new List<NetflowSourceText>();
        foreach (var file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            if (file.GetText(cancellation) is { } text) sources.Add(new NetflowSourceText(file.Path, text.ToString()));
        }
        return Checker.Check(sources).Diagnostics;
    }

    private static Diagnostic ToRoslyn(NetflowDiagnostic diagnostic)
    {
        var related = diagnostic.RelatedLocations.Select(r => ToRoslyn(r.Location));
        return Diagnostic.Create(Descriptors[diagnostic.Code], ToRoslyn(diagnostic.Location), related, diagnostic.Message);
    }

    private static Location ToRoslyn(NetflowLocation location)
    {
        var start = location.Start;
        var end = location.End;
        return Location.Create(location.Path, new TextSpan(location.Span.Start, location.Span.Length),
            new LinePositionSpan(new LinePosition(start.Line, start.Character), new LinePosition(end.Line, end.Character)));
    }

    private static DiagnosticDescriptor ToRoslyn(NetflowDescriptor descriptor) => new(
        descriptor.Code,
        descriptor.Title,
        "{0}",
        "Netflow." + descriptor.Category,
        descriptor.Severity == NetflowSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: descriptor.HelpUri);
}
