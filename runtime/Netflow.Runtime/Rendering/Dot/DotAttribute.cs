namespace Netflow.Runtime.Rendering.Dot;

/// <summary>
/// A Graphviz attribute name. The set is closed (only the names below exist), so attribute names never come from
/// input; values always go through <see cref="DotText"/>.
/// </summary>
public sealed class DotAttribute
{
    private DotAttribute(string name) => Name = name;

    public string Name { get; }

    public static readonly DotAttribute Label = new("label");
    public static readonly DotAttribute XLabel = new("xlabel");
    public static readonly DotAttribute Tooltip = new("tooltip");
    public static readonly DotAttribute Shape = new("shape");
    public static readonly DotAttribute Style = new("style");
    public static readonly DotAttribute Color = new("color");
    public static readonly DotAttribute FillColor = new("fillcolor");
    public static readonly DotAttribute FontColor = new("fontcolor");
    public static readonly DotAttribute FontName = new("fontname");
    public static readonly DotAttribute FontSize = new("fontsize");
    public static readonly DotAttribute PenWidth = new("penwidth");
    public static readonly DotAttribute Peripheries = new("peripheries");
    public static readonly DotAttribute ArrowHead = new("arrowhead");
    public static readonly DotAttribute ArrowTail = new("arrowtail");
    public static readonly DotAttribute Direction = new("dir");
    public static readonly DotAttribute Constraint = new("constraint");
    public static readonly DotAttribute Weight = new("weight");
    public static readonly DotAttribute MinLength = new("minlen");
    public static readonly DotAttribute LabelJust = new("labeljust");
    public static readonly DotAttribute LabelLocation = new("labelloc");
    public static readonly DotAttribute Margin = new("margin");
    public static readonly DotAttribute Height = new("height");
    public static readonly DotAttribute Width = new("width");
    public static readonly DotAttribute RankDirection = new("rankdir");
    public static readonly DotAttribute Rank = new("rank");
    public static readonly DotAttribute RankSeparation = new("ranksep");
    public static readonly DotAttribute NodeSeparation = new("nodesep");
    public static readonly DotAttribute Compound = new("compound");
    public static readonly DotAttribute NewRank = new("newrank");
    public static readonly DotAttribute Splines = new("splines");
    public static readonly DotAttribute Ordering = new("ordering");
    public static readonly DotAttribute LogicalHead = new("lhead");
    public static readonly DotAttribute LogicalTail = new("ltail");
    public static readonly DotAttribute Group = new("group");
    public static readonly DotAttribute Background = new("bgcolor");
    public static readonly DotAttribute Pad = new("pad");
    public static readonly DotAttribute Charset = new("charset");
    public static readonly DotAttribute HeadLabel = new("headlabel");
    public static readonly DotAttribute TailLabel = new("taillabel");
    public static readonly DotAttribute Decorate = new("decorate");
}
