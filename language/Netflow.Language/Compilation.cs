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

    /// <summary>How long each phase took and what it allocated, in order (parsing counts only when the trees were parsed lazily here).</summary>
    public IReadOnlyList<PhaseTiming> Timings { get; private init; } = [];

    /// <summary>Every device's routing table: connected, static and BGP routes, resolved.</summary>
    public IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> Routes { get; }

    /// <summary>All diagnostics, in file and position order, with suppressed warnings removed.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>
    /// Errors that leave the model incomplete (syntax, names and kinds): nothing can be executed on it. Address-plan and
    /// routing errors leave a complete model whose behaviour is worth showing, loops and black holes included.
    /// </summary>
    public bool HasBlockingErrors { get; private init; }

    /// <summary>
    /// Binds and checks the trees. <paramref name="cancellation"/> is observed between phases and inside the long ones
    /// (binding, routing and BGP, the route checks): a cancelled check ends in <see cref="OperationCanceledException"/>.
    /// <paramref name="transport"/> decides which BGP sessions the forwarding model carries (the compiler's engine);
    /// without one no session comes up. The phases are marked in <paramref name="timings"/> when given (after what the
    /// caller marked there), else in a table of their own.
    /// </summary>
    public static Compilation Create(IEnumerable<SyntaxTree> trees, CancellationToken cancellation = default, IBgpTransport? transport = null,
        PhaseTimings? timings = null)
    {
        timings ??= new PhaseTimings();
        void Done(string phase)
        {
            timings.Mark(phase);
            cancellation.ThrowIfCancellationRequested();
        }
        var treeList = trees.ToList();
        Done("parse");
        var bag = new DiagnosticBag();
        foreach (var tree in treeList) bag.AddRange(tree.Diagnostics);
        var model = new Binder(bag).Bind(treeList, cancellation);
        Done("bind");
        new AddressPlanChecker(model, bag).Check();
        new ServiceChecker(model, bag).Check();
        Done("address plan");
        var topology = new Topology(model);
        new SegmentSiteChecker(topology, bag).Check();
        Done("topology");
        var routes = new RoutingBuilder(topology, bag, transport).Build(cancellation);
        Done("routing tables");
        var spaces = new AddressSpaces(topology);
        Done("address spaces");
        new AddressSpaceChecker(topology, spaces, routes, bag).Check(cancellation);
        Done("clash rules");
        new RouteChecker(topology, routes, bag).Check(cancellation);
        Done("route checks");
        new SanityChecks(topology, bag).Check();
        Done("sanity checks");
        var diagnostics = Suppressions.Apply(treeList, bag.ToList())
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Start)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        timings.Mark("order diagnostics");
        return new Compilation(treeList, model, topology, routes, diagnostics) { Timings = timings.Phases, HasBlockingErrors = bag.HasBlockingErrors };
    }

    public static Compilation Create(params SourceText[] sources) => Create(sources.Select(SyntaxTree.Parse));
}
