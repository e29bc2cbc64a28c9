using System.Xml.Linq;

namespace Netflow.Runtime.Tests.Rendering;

/// <summary>What an SVG written by Graphviz contains: its nodes, edges and clusters, by title and text.</summary>
internal static class SvgFacts
{
    internal sealed record Element(string Title, IReadOnlyList<string> Texts);

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static IReadOnlyList<Element> Nodes(string svg) => Elements(svg, "node");
    public static IReadOnlyList<Element> Edges(string svg) => Elements(svg, "edge");
    public static IReadOnlyList<Element> Clusters(string svg) => Elements(svg, "cluster");

    private static List<Element> Elements(string svg, string kind)
    {
        var document = XDocument.Parse(svg, LoadOptions.PreserveWhitespace);
        return document.Descendants(Svg + "g")
            .Where(g => (string?)g.Attribute("class") == kind)
            .Select(g => new Element(
                g.Element(Svg + "title")?.Value ?? "",
                g.Descendants(Svg + "text").Select(t => t.Value).ToList()))
            .ToList();
    }
}

/// <summary>Graphviz's dot for tests that need it: where CI has installed Graphviz (CI=true), its absence fails the test.</summary>
internal static class Graphviz
{
    /// <summary>The dot program, or null (the test then has nothing to check) when it is missing outside CI.</summary>
    public static string? Require()
    {
        var dot = Netflow.Runtime.Rendering.Dot.GraphvizDot.Find();
        if (dot is null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Graphviz 'dot' is missing, but CI installs it (.ci/run: apt-get install -y graphviz): the picture tests cannot run.");
        }
        return dot;
    }
}
