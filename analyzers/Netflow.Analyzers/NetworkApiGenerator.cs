using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Netflow.Runtime.Image;
using NetflowSourceText = Netflow.Language.Text.SourceText;

namespace Netflow.Analyzers;

/// <summary>
/// Generates the typed C# API of the project's network (<see cref="NetworkApiWriter"/>) from its .netflow
/// AdditionalFiles, when the project references the Netflow.Runtime package that runs it. The network is compiled
/// again only when a .netflow file or a setting changes, not on every C# keystroke. Diagnostics about the .netflow files
/// come from <see cref="NetflowAnalyzer"/>, as IDEs show a generator's poorly.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkApiGenerator : IIncrementalGenerator
{
    /// <summary>The runtime type the generated code calls: without it in the references, nothing is generated.</summary>
    public const string RuntimeType = "Netflow.Runtime.CompiledNetwork";

    /// <summary>The MSBuild property (optional) that names the generated class: <c>MyApp.Topology</c>; by default RootNamespace.Network.</summary>
    public const string ClassProperty = "build_property.NetflowNetworkClass";

    public const string DefaultClassName = "Network";

    /// <summary>The pipeline step that compiles the network, named so that tests can see when it runs.</summary>
    public const string CompileStep = "CompileNetwork";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider.Where(NetflowFiles.IsNetflow)
            .Select((file, cancellation) => new NetflowFile(file.Path, file.GetText(cancellation)?.ToString()))
            .Collect()
            .WithComparer(FilesComparer.Instance);
        var settings = context.AnalyzerConfigOptionsProvider.Select((options, _) => Settings.From(options.GlobalOptions));
        var runtime = context.CompilationProvider.Select((compilation, _) => compilation.GetTypeByMetadataName(RuntimeType) is not null);
        var api = files.Combine(settings).Select((input, cancellation) => Generate(input.Left, input.Right, cancellation)).WithTrackingName(CompileStep);
        context.RegisterSourceOutput(api.Combine(runtime), (output, input) =>
        {
            var (generated, referencesRuntime) = input;
            if (!referencesRuntime) return;
            if (generated.Problem is { } problem) output.ReportDiagnostic(problem.ToDiagnostic());
            if (generated.Source is { } source) output.AddSource("Netflow.Network.g.cs", source);
        });
    }

    private static Generated Generate(ImmutableArray<NetflowFile> files, Settings settings, CancellationToken cancellation)
    {
        if (files.IsEmpty) return new(null, null);
        if (!Settings.TryParseClass(settings.ClassName, settings.RootNamespace, out var @namespace, out var className))
        {
            return new(null, new Problem(settings.ClassName ?? $"{settings.RootNamespace}.{DefaultClassName}"));
        }
        // Paths relative to the project in the image's source map: the assembly does not depend on where it was built.
        var sources = files.DistinctBy(f => NetflowFiles.Normalize(f.Path), StringComparer.Ordinal)
            .Where(f => f.Text is not null)
            .Select(f => new NetflowSourceText(Relative(f.Path, settings.ProjectDirectory), f.Text!))
            .ToList();
        cancellation.ThrowIfCancellationRequested();
        if (SharedCheck.Check(sources, settings.MaxFileLength, cancellation).Result is not { } result) return new(null, null);
        byte[]? bytes = null;
        if (result.Image is { } image)
        {
            var stream = new MemoryStream();
            ImageWriter.Write(image, stream);
            bytes = stream.ToArray();
        }
        return new(new NetworkApiWriter(result.Compilation.Model, bytes, @namespace, className).Write(), null);
    }

    private static string Relative(string path, string? directory)
    {
        if (string.IsNullOrEmpty(directory)) return path;
        var full = NetflowFiles.Normalize(path);
        var root = NetflowFiles.Normalize(directory).TrimEnd('/') + "/";
        return full.StartsWith(root, StringComparison.Ordinal) ? full[root.Length..] : path;
    }

    private sealed record NetflowFile(string Path, string? Text);

    private sealed record Generated(string? Source, Problem? Problem);

    /// <summary>NF5003: the class name setting is not a C# type name (a record, so that the pipeline can compare it).</summary>
    private sealed record Problem(string ClassName)
    {
        public Diagnostic ToDiagnostic() => CSharpDiagnostics.Create(CSharpDiagnostics.InvalidNetworkClass, Location.None, Language.Diagnostics.CSharpCodeMessages.InvalidNetworkClass(ClassName));
    }

    private sealed record Settings(string? RootNamespace, string? ClassName, string? ProjectDirectory, int MaxFileLength)
    {
        public static Settings From(AnalyzerConfigOptions options)
        {
            options.TryGetValue("build_property.RootNamespace", out var rootNamespace);
            options.TryGetValue(ClassProperty, out var className);
            options.TryGetValue("build_property.ProjectDir", out var projectDirectory);
            return new(rootNamespace, string.IsNullOrWhiteSpace(className) ? null : className.Trim(), projectDirectory, SharedCheck.MaxFileLength(options));
        }

        /// <summary>The namespace (null: the global one) and class name from the setting, else RootNamespace.Network.</summary>
        public static bool TryParseClass(string? setting, string? rootNamespace, out string? @namespace, out string className)
        {
            var full = setting ?? (string.IsNullOrWhiteSpace(rootNamespace) ? DefaultClassName : $"{rootNamespace!.Trim()}.{DefaultClassName}");
            var parts = full.Split('.');
            @namespace = parts.Length > 1 ? string.Join(".", parts[..^1]) : null;
            className = parts[^1];
            return parts.All(p => SyntaxFacts.IsValidIdentifier(p) && SyntaxFacts.GetKeywordKind(p) == SyntaxKind.None);
        }
    }

    private sealed class FilesComparer : IEqualityComparer<ImmutableArray<NetflowFile>>
    {
        public static readonly FilesComparer Instance = new();

        public bool Equals(ImmutableArray<NetflowFile> x, ImmutableArray<NetflowFile> y) => x.SequenceEqual(y);

        public int GetHashCode(ImmutableArray<NetflowFile> files) => files.Aggregate(files.Length, (hash, file) => HashCode.Combine(hash, file.Path));
    }
}
