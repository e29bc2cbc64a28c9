using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Netflow.Compiler;

namespace Netflow.Analyzers;

/// <summary>
/// The Netflow check of a C# compilation's .netflow files, done once for every analyzer that needs it (the .netflow
/// diagnostics, the names that C# strings must match), and dropped with the compilation.
/// </summary>
internal static class SharedCheck
{
    private static readonly ConditionalWeakTable<Compilation, Lazy<CheckResult>> Results = new();

    public static Lazy<CheckResult> For(Compilation compilation, ImmutableArray<AdditionalText> files, CancellationToken cancellation) =>
        Results.GetValue(compilation, _ => new Lazy<CheckResult>(() => Checker.Check(NetflowFiles.Read(files, cancellation))));
}
