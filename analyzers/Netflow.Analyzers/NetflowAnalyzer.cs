using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Netflow.Compiler;
using Netflow.Compiler.Configuration;
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
/// Text is read only through AdditionalText.GetText(): no file IO. Each file's severities come from its .editorconfig
/// options (<c>netflow_diagnostic.NFxxxx.severity</c>), because Roslyn applies .editorconfig severities to C# files only;
/// a .globalconfig's <c>dotnet_diagnostic.NFxxxx.severity</c> Roslyn applies itself.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetflowAnalyzer : DiagnosticAnalyzer
{
    public const string Extension = ".netflow";

    /// <summary>The MSBuild property (made visible to the compiler by the package's props) that moves the help links.</summary>
    public const string HelpBaseProperty = "build_property.NetflowHelpBaseUrl";

    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> Descriptors = DescriptorsAt(NetflowDescriptor.DefaultHelpBase);

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
            var configuration = start.Options.AnalyzerConfigOptionsProvider;
            var descriptors = configuration.GlobalOptions.TryGetValue(HelpBaseProperty, out var helpBase) && !string.IsNullOrWhiteSpace(helpBase)
                ? DescriptorsAt(helpBase.Trim())
                : Descriptors;
            // One Netflow compilation over all the files, built by whichever file action asks first.
            var diagnostics = new Lazy<IReadOnlyList<NetflowDiagnostic>>(() => Check(files, start.CancellationToken));
            var reported = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            start.RegisterAdditionalFileAction(file =>
            {
                if (!IsNetflow(file.AdditionalFile) || !reported.TryAdd(Normalize(file.AdditionalFile.Path), true)) return;
                var path = files.First(f => Normalize(f.Path) == Normalize(file.AdditionalFile.Path)).Path;
                var options = configuration.GetOptions(file.AdditionalFile);
                foreach (var diagnostic in diagnostics.Value)
                {
                    if (diagnostic.Location.Path != path) continue;
                    var descriptor = descriptors[diagnostic.Code];
                    if (EffectiveSeverity(descriptor, options) is { } severity) file.ReportDiagnostic(ToRoslyn(diagnostic, descriptor, severity));
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

    /// <summary>The severity a file's options set for a code (null: not reported at all), else the code's own.</summary>
    private static DiagnosticSeverity? EffectiveSeverity(DiagnosticDescriptor descriptor, AnalyzerConfigOptions options)
    {
        options.TryGetValue(SeveritySettings.KeyFor(descriptor.Id), out var value);
        return SeveritySettings.Parse(value) switch
        {
            SeveritySetting.None => null,
            SeveritySetting.Silent => DiagnosticSeverity.Hidden,
            SeveritySetting.Suggestion => DiagnosticSeverity.Info,
            SeveritySetting.Warning => DiagnosticSeverity.Warning,
            SeveritySetting.Error => DiagnosticSeverity.Error,
            _ => descriptor.DefaultSeverity,
        };
    }

    private static Diagnostic ToRoslyn(NetflowDiagnostic diagnostic, DiagnosticDescriptor descriptor, DiagnosticSeverity severity)
    {
        var related = diagnostic.RelatedLocations.Select(r => ToRoslyn(r.Location));
        return Diagnostic.Create(descriptor, ToRoslyn(diagnostic.Location), severity, related, properties: null, Netflow.Runtime.Rendering.Printable.Escape(diagnostic.Message));
    }

    private static Location ToRoslyn(NetflowLocation location)
    {
        var start = location.Start;
        var end = location.End;
        return Location.Create(location.Path, new TextSpan(location.Span.Start, location.Span.Length),
            new LinePositionSpan(new LinePosition(start.Line, start.Character), new LinePosition(end.Line, end.Character)));
    }

    private static ImmutableDictionary<string, DiagnosticDescriptor> DescriptorsAt(string helpBase) =>
        Language.Diagnostics.DiagnosticDescriptors.All.ToImmutableDictionary(d => d.Code, d => ToRoslyn(d, helpBase));

    private static DiagnosticDescriptor ToRoslyn(NetflowDescriptor descriptor, string helpBase) => new(
        descriptor.Code,
        descriptor.Title,
        "{0}",
        "Netflow." + descriptor.Phase,
        descriptor.Severity == NetflowSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: descriptor.HelpUriAt(helpBase));
}
