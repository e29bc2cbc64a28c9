using System.Text;

namespace Netflow.Runtime.Rendering.Dot;

/// <summary>Attributes of one graph element, in the order they were first set (so output is deterministic).</summary>
public sealed class DotAttributes
{
    private readonly List<(DotAttribute Name, string Quoted)> _values = [];

    public int Count => _values.Count;

    public DotAttributes Set(DotAttribute name, string value) => SetQuoted(name, DotText.Label(value));

    public DotAttributes SetLines(DotAttribute name, IEnumerable<string> lines, bool leftAligned = false) =>
        SetQuoted(name, DotText.Label(lines, leftAligned));

    private DotAttributes SetQuoted(DotAttribute name, string quoted)
    {
        var index = _values.FindIndex(v => v.Name == name);
        if (index >= 0) _values[index] = (name, quoted);
        else _values.Add((name, quoted));
        return this;
    }

    internal void WriteList(StringBuilder dot)
    {
        dot.Append(" [");
        for (var i = 0; i < _values.Count; i++)
        {
            if (i > 0) dot.Append(", ");
            dot.Append(_values[i].Name.Name).Append('=').Append(_values[i].Quoted);
        }
        dot.Append(']');
    }

    internal void WriteStatements(StringBuilder dot, string indent)
    {
        foreach (var (name, quoted) in _values) dot.Append(indent).Append(name.Name).Append('=').Append(quoted).Append(";\n");
    }
}

public sealed class DotNode(string id)
{
    public string Id { get; } = id;
    public DotAttributes Attributes { get; } = new();
}

public sealed class DotEdge(string from, string to)
{
    public string From { get; } = from;
    public string To { get; } = to;
    public DotAttributes Attributes { get; } = new();
}

/// <summary>A subgraph: a cluster (drawn as a box around its members) or a plain group, such as a rank.</summary>
public sealed class DotSubgraph(string id, bool cluster = true)
{
    public string Id { get; } = id;
    public bool IsCluster { get; } = cluster;
    public DotAttributes Attributes { get; } = new();
    public List<DotSubgraph> Subgraphs { get; } = [];
    public List<DotNode> Nodes { get; } = [];

    public DotNode AddNode(string nodeId)
    {
        var node = new DotNode(nodeId);
        Nodes.Add(node);
        return node;
    }

    public DotSubgraph AddSubgraph(string subgraphId, bool cluster = true)
    {
        var subgraph = new DotSubgraph(subgraphId, cluster);
        Subgraphs.Add(subgraph);
        return subgraph;
    }

    internal void Write(StringBuilder dot, string indent)
    {
        dot.Append(indent).Append("subgraph ").Append(DotText.Id((IsCluster ? "cluster_" : "group_") + Id)).Append(" {\n");
        var inner = indent + "  ";
        Attributes.WriteStatements(dot, inner);
        foreach (var subgraph in Subgraphs) subgraph.Write(dot, inner);
        foreach (var node in Nodes) DotGraph.WriteNode(dot, node, inner);
        dot.Append(indent).Append("}\n");
    }
}

/// <summary>
/// A directed Graphviz graph built from typed parts. Nothing reaches the output except through <see cref="DotText"/>,
/// so names, descriptions and file names cannot inject DOT. <see cref="Write"/> is deterministic: the same graph
/// always gives the same bytes.
/// </summary>
public sealed class DotGraph(string name)
{
    public string Name { get; } = name;
    public DotAttributes Attributes { get; } = new();
    public DotAttributes NodeDefaults { get; } = new();
    public DotAttributes EdgeDefaults { get; } = new();
    public DotSubgraph Root { get; } = new("root", cluster: false);
    public List<DotEdge> Edges { get; } = [];

    public DotEdge AddEdge(string from, string to)
    {
        var edge = new DotEdge(from, to);
        Edges.Add(edge);
        return edge;
    }

    public string Write()
    {
        var dot = new StringBuilder();
        dot.Append("digraph ").Append(DotText.Id(Name)).Append(" {\n");
        Attributes.WriteStatements(dot, "  ");
        WriteDefaults(dot, "node", NodeDefaults);
        WriteDefaults(dot, "edge", EdgeDefaults);
        foreach (var subgraph in Root.Subgraphs) subgraph.Write(dot, "  ");
        foreach (var node in Root.Nodes) WriteNode(dot, node, "  ");
        foreach (var edge in Edges)
        {
            dot.Append("  ").Append(DotText.Id(edge.From)).Append(" -> ").Append(DotText.Id(edge.To));
            if (edge.Attributes.Count > 0) edge.Attributes.WriteList(dot);
            dot.Append(";\n");
        }
        return dot.Append("}\n").ToString();
    }

    private static void WriteDefaults(StringBuilder dot, string element, DotAttributes defaults)
    {
        if (defaults.Count == 0) return;
        defaults.WriteList(dot.Append("  ").Append(element));
        dot.Append(";\n");
    }

    internal static void WriteNode(StringBuilder dot, DotNode node, string indent)
    {
        dot.Append(indent).Append(DotText.Id(node.Id));
        if (node.Attributes.Count > 0) node.Attributes.WriteList(dot);
        dot.Append(";\n");
    }
}
