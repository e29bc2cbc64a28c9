namespace Netflow.Language.Binding;

/// <summary>
/// The bound network: every declaration of the compilation as a symbol, with its references resolved. This is what
/// the checks read and what the compiler lowers into forwarding tables.
/// </summary>
public sealed class NetworkModel(
    IReadOnlyDictionary<string, Symbol> globals,
    IReadOnlyList<SiteSymbol> sites,
    IReadOnlyList<RangeSymbol> ranges,
    IReadOnlyList<SegmentSymbol> segments,
    IReadOnlyList<DeviceSymbol> devices,
    IReadOnlyList<TunnelSymbol> tunnels,
    IReadOnlyList<FlowSymbol> flows,
    IReadOnlyDictionary<string, DnsRecord> records)
{
    public IReadOnlyDictionary<string, Symbol> Globals { get; } = globals;
    public IReadOnlyList<SiteSymbol> Sites { get; } = sites;
    public IReadOnlyList<RangeSymbol> Ranges { get; } = ranges;
    public IReadOnlyList<SegmentSymbol> Segments { get; } = segments;
    public IReadOnlyList<DeviceSymbol> Devices { get; } = devices;
    public IReadOnlyList<TunnelSymbol> Tunnels { get; } = tunnels;
    public IReadOnlyList<FlowSymbol> Flows { get; } = flows;

    /// <summary>DNS records by host name (case-insensitive, as DNS is).</summary>
    public IReadOnlyDictionary<string, DnsRecord> Records { get; } = records;

    private HashSet<ScopeSymbol?>? _clusterScopes;

    /// <summary>
    /// The Kubernetes cluster a declaration belongs to: the innermost scope around it (a site, or the top level) that
    /// declares a cluster-pod or cluster-service range; null outside every cluster.
    /// </summary>
    public Cluster? ClusterOf(Symbol symbol)
    {
        var clusters = _clusterScopes ??= [.. Ranges.Where(r => r.Origin is RangeOrigin.ClusterPod or RangeOrigin.ClusterService).Select(r => r.Scope)];
        for (var scope = symbol.Scope; scope is not null; scope = scope.Scope)
        {
            if (clusters.Contains(scope)) return new Cluster(scope);
        }
        return clusters.Contains(null) ? new Cluster(null) : null;
    }

    /// <summary>The workers of <paramref name="cluster"/>, whose kube-proxy installs its services.</summary>
    public IEnumerable<DeviceSymbol> Workers(Cluster cluster) => Devices.Where(d => d.Kind == DeviceKind.Worker && ClusterOf(d) == cluster);

    /// <summary>Finds a symbol by its fully qualified name (<c>ibm-cloud.iks.worker-1</c>).</summary>
    public Symbol? Find(string qualifiedName)
    {
        var parts = qualifiedName.Split('.');
        if (!Globals.TryGetValue(parts[0], out var symbol)) return null;
        for (var i = 1; i < parts.Length; i++)
        {
            if (symbol is not ScopeSymbol scope || !scope.Members.TryGetValue(parts[i], out symbol)) return null;
        }
        return symbol;
    }
}

internal sealed class NetworkModelBuilder
{
    public List<SiteSymbol> Sites { get; } = [];
    public List<RangeSymbol> Ranges { get; } = [];
    public List<SegmentSymbol> Segments { get; } = [];
    public List<DeviceSymbol> Devices { get; } = [];
    public List<TunnelSymbol> Tunnels { get; } = [];
    public List<FlowSymbol> Flows { get; } = [];
    public Dictionary<string, DnsRecord> Records { get; } = new(StringComparer.OrdinalIgnoreCase);

    public NetworkModel Build(IReadOnlyDictionary<string, Symbol> globals) =>
        new(globals, Sites, Ranges, Segments, Devices, Tunnels, Flows, Records);
}
