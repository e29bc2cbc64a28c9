using System.Text;
using CsCheck;
using Netflow.Runtime.Rendering;
using Netflow.Runtime.Rendering.Dot;

namespace Netflow.Runtime.Tests.Rendering;

public sealed class DotTextTests
{
    /// <summary>
    /// Reads a DOT quoted string as Graphviz does: the scanner turns <c>\"</c> into a quote and keeps every other
    /// backslash; the label then turns <c>\\</c> and <c>\x</c> into <c>x</c> and <c>\n</c>, <c>\l</c> into line ends.
    /// Returns null when the text is not one quoted string (it ends early or has something after the closing quote).
    /// </summary>
    internal static List<string>? ReadLabel(string quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"') return null;
        var lines = new List<string>();
        var line = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c == '"') return null; // an unescaped quote would end the string here
            if (c is '\n' or '\r') return null;
            if (c != '\\') { line.Append(c); continue; }
            if (++i >= quoted.Length - 1) return null; // a trailing backslash would escape the closing quote
            switch (quoted[i])
            {
                case 'n':
                    lines.Add(line.ToString());
                    line.Clear();
                    break;
                case 'N' or 'G' or 'E' or 'T' or 'H' or 'L' or 'r' or 'l':
                    return null; // Graphviz would substitute or align: our escaping never emits these
                default:
                    line.Append(quoted[i]);
                    break;
            }
        }
        lines.Add(line.ToString());
        return lines;
    }

    [Fact]
    public void Any_text_round_trips_through_a_label_as_its_printable_form() =>
        PrintableTests.AnyText.Sample(text =>
        {
            var read = ReadLabel(DotText.Label(text));
            return read is [var only] && only == Printable.Escape(text);
        }, iter: 5_000);

    [Fact]
    public void Labels_of_several_lines_keep_each_line() =>
        PrintableTests.AnyText.Array[1, 4].Sample(lines =>
        {
            var read = ReadLabel(DotText.Label(lines));
            return read is not null && read.SequenceEqual(lines.Select(Printable.Escape));
        });

    [Fact]
    public void Any_text_round_trips_through_an_identifier() =>
        PrintableTests.AnyText.Sample(text =>
        {
            var quoted = DotText.Id(text);
            var inner = quoted[1..^1];
            return quoted[0] == '"' && quoted[^1] == '"' && inner.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-' or '%')
                   && DotText.DecodeId(inner) == Printable.Escape(text);
        }, iter: 5_000);

    [Fact]
    public void Distinct_names_stay_distinct_identifiers() =>
        Gen.Select(PrintableTests.AnyText, PrintableTests.AnyText).Sample((a, b) =>
            Printable.Escape(a) == Printable.Escape(b) || DotText.EncodeId(a) != DotText.EncodeId(b));

    /// <summary>
    /// The real test of "no input injects DOT": one graph whose node identifiers, labels and tooltips are random text,
    /// laid out by Graphviz. It must parse, hold exactly those nodes and no edge, and show each label as written.
    /// </summary>
    [Fact]
    public void Graphviz_reads_random_names_and_labels_as_exactly_the_nodes_written()
    {
        var dot = Graphviz.Require();
        if (dot is null) return;
        PrintableTests.AnyText.Array[1, 40].Sample(texts => LaidOutAsWritten(texts, dot), iter: 4);
    }

    // Graphviz writes a run of spaces in SVG as a space and no-break spaces (&#160;), so both count as one space here.
    private static string Spaced(string text) => string.Join(' ', text.Replace('\u00A0', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static void LaidOutAsWritten(string[] texts, string dot)
    {
        var graph = new DotGraph("random \" names");
        graph.Attributes.Set(DotAttribute.Label, texts[0]);
        for (var i = 0; i < texts.Length; i++)
        {
            graph.Root.AddNode(i + texts[i]).Attributes
                .Set(DotAttribute.Label, texts[i])
                .Set(DotAttribute.Tooltip, texts[(i + 1) % texts.Length])
                .Set(DotAttribute.Shape, i % 2 == 0 ? "box" : "record");
        }
        var svg = Encoding.UTF8.GetString(GraphvizDot.Render(graph.Write(), "svg", dot));
        var nodes = SvgFacts.Nodes(svg);
        nodes.Count.ShouldBe(texts.Length);
        SvgFacts.Edges(svg).ShouldBeEmpty();
        for (var i = 0; i < texts.Length; i++)
        {
            var node = nodes.Single(n => n.Title == DotText.EncodeId(i + texts[i]));
            // SVG keeps the text; Graphviz trims and collapses spaces, and an empty label draws no text at all.
            Spaced(string.Concat(node.Texts)).ShouldBe(Spaced(Printable.Escape(texts[i])), customMessage: $"node {i}");
        }
    }
}
