using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Netflow.Compiler;
using Netflow.Compiler.Configuration;
using NetflowDiagnostic = Netflow.Language.Diagnostics.Diagnostic;
using NetflowDescriptor = Netflow.Language.Diagnostics.DiagnosticDescriptor;
using NetflowPhase = Netflow.Language.Diagnostics.DiagnosticPhase;
using NetflowSeverity = Netflow.Language.Diagnostics.DiagnosticSeverity;
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
    public const string Extension = NetflowFiles.Extension;

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
            var files = NetflowFiles.Of(start.Options.AdditionalFiles);
            if (files.IsEmpty) return;
            var configuration = start.Options.AnalyzerConfigOptionsProvider;
            var descriptors = configuration.GlobalOptions.TryGetValue(HelpBaseProperty, out var helpBase) && !string.IsNullOrWhiteSpace(helpBase)
                ? DescriptorsAt(helpBase.Trim())
                : Descriptors;
            // One Netflow compilation over all the files, built by whichever file action asks first.
            var check = SharedCheck.For(start.Compilation, files, configuration.GlobalOptions, start.CancellationToken);
            var reported = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            start.RegisterAdditionalFileAction(file =>
            {
                if (!NetflowFiles.IsNetflow(file.AdditionalFile) || !reported.TryAdd(NetflowFiles.Normalize(file.AdditionalFile.Path), true)) return;
                var path = files.First(f => NetflowFiles.Normalize(f.Path) == NetflowFiles.Normalize(file.AdditionalFile.Path)).Path;
                var options = configuration.GetOptions(file.AdditionalFile);
                foreach (var diagnostic in check.Value.Diagnostics)
                {
                    if (diagnostic.Location.Path != path) continue;
                    var descriptor = descriptors[diagnostic.Code];
                    if (EffectiveSeverity(descriptor, options) is { } severity) file.ReportDiagnostic(ToRoslyn(diagnostic, descriptor, severity));
                }
            });
        });
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

    /// <summary>The descriptors of the codes found in .netflow files (the NF5xxx codes are about C# code: <see cref="NetworkNameAnalyzer"/>).</summary>
    private static ImmutableDictionary<string, DiagnosticDescriptor> DescriptorsAt(string helpBase) =>
        Language.Diagnostics.DiagnosticDescriptors.All.Where(d => d.Phase != NetflowPhase.CSharp).ToImmutableDictionary(d => d.Code, d => ToRoslyn(d, helpBase));

    internal static DiagnosticDescriptor ToRoslyn(NetflowDescriptor descriptor, string helpBase) => new(
        descriptor.Code,
        descriptor.Title,
        "{0}",
        "Netflow." + descriptor.Phase,
        descriptor.Severity == NetflowSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: descriptor.HelpUriAt(helpBase));
}
