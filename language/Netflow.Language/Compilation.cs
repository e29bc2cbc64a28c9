using Netflow.Language.Binding;
using Netflow.Language.Checks;
using Netflow.Language.Routing;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language;

/// <summary>
/// A set of .netflow files checked together: parsed, bound as one (names resolve across files), and checked. The
/// entry point for the CLI, the analyzer and the compiler.
/// </summary>
public sealed class Compilation
{
    private Compilation(IReadOnlyList<SyntaxTree> trees, NetworkModel model, Topology topology,
        IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, IReadOnlyList<Diagnostic> diagnostics)
    {
        SyntaxTrees = trees;
        Model = model;
        Topology = topology;
        Routes = routes;
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<SyntaxTree> SyntaxTrees { get; }
    public NetworkModel Model { get; }
    public Topology Topology { get; }

    /// <summary>Every device's routing table: connected, static and BGP routes, resolved.</summary>
    public IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> Routes { get; }

    /// <summary>All diagnostics, in file and position order, with suppressed warnings removed.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static Compilation Create(IEnumerable<SyntaxTree> trees)
    {
        var treeList = trees.ToList();
        var bag = new DiagnosticBag();
        foreach (var tree in treeList) bag.AddRange(tree.Diagnostics);
        var model = new Binder(bag).Bind(treeList);
        new AddressPlanChecker(model, bag).Check();
        var topology = new Topology(model);
        var routes = new RoutingBuilder(topology, bag).Build();
        new AddressSpaceChecker(topology, new AddressSpaces(topology), bag).Check();
        new RouteChecker(topology, routes, bag).Check();
        var diagnostics = Suppressions.Apply(treeList, bag.ToList())
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Span.Start)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        return new Compilation(treeList, model, topology, routes, diagnostics);
    }

    public static Compilation Create(params SourceText[] sources) => Create(sources.Select(SyntaxTree.Parse));
}
