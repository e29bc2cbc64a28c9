using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>A flow the design must carry: where it starts, where it goes, and what the trace must show.</summary>
public sealed class FlowSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration)
    : ScopeSymbol(name, scope, location, declaration)
{
    internal readonly List<FlowStep> StepList = [];
    internal readonly List<(Encapsulation Encapsulation, SourceLocation Location)> NeverList = [];

    public string Title => Description ?? Name;
    public DeviceSymbol? Source { get; internal set; }
    public FlowDestination? Destination { get; internal set; }
    public Disposition ExpectedDisposition { get; internal set; } = Disposition.Accepted;

    /// <summary>The workload that must accept the flow (<c>expect accepted by DEVICE</c>), if the flow names one.</summary>
    public DeviceSymbol? AcceptedBy { get; internal set; }
    public IReadOnlyList<FlowStep> Steps => StepList;
    public IReadOnlyList<(Encapsulation Encapsulation, SourceLocation Location)> Never => NeverList;

    public override string KindName => "flow";
}
