using System.Globalization;
using System.Text;

namespace Netflow.Runtime.Rendering.Dot;

/// <summary>
/// How text gets into DOT. Labels are quoted strings whose characters all print as themselves: control characters
/// become visible escapes (<see cref="Printable"/>), and the characters DOT or record labels give a meaning
/// (<c>" \ { } | &lt; &gt;</c>) are backslash-escaped, so Graphviz shows them literally. Identifiers are quoted
/// and percent-encoded outside <c>[A-Za-z0-9._:-]</c>, so no input can close the quote, start an attribute or name
/// another node, and distinct inputs stay distinct.
/// </summary>
public static class DotText
{
    /// <summary>A quoted label: one line per element, joined by DOT's own line break (<c>\n</c>, or <c>\l</c> when left-aligned).</summary>
    public static string Label(IEnumerable<string> lines, bool leftAligned = false)
    {
        var quoted = new StringBuilder("\"");
        var first = true;
        foreach (var line in lines)
        {
            if (!first && !leftAligned) quoted.Append(@"\n");
            first = false;
            AppendEscaped(quoted, Printable.Escape(line));
            if (leftAligned) quoted.Append(@"\l");
        }
        return quoted.Append('"').ToString();
    }

    public static string Label(string text) => Label([text]);

    /// <summary>A quoted identifier that Graphviz reads back as <see cref="EncodeId"/> of the input.</summary>
    public static string Id(string id) => "\"" + EncodeId(id) + "\"";

    /// <summary>
    /// The identifier as Graphviz stores it (and SVG shows it in <c>&lt;title&gt;</c>); <see cref="DecodeId"/> gives back
    /// the printable form of the input (<see cref="Printable.Escape"/>).
    /// </summary>
    public static string EncodeId(string id)
    {
        var encoded = new StringBuilder(id.Length);
        foreach (var b in Encoding.UTF8.GetBytes(Printable.Escape(id)))
        {
            var c = (char)b;
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' or ':' or '-') encoded.Append(c);
            else encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }

    public static string DecodeId(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length)
            {
                bytes.Add(byte.Parse(encoded.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else bytes.Add((byte)encoded[i]);
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static void AppendEscaped(StringBuilder quoted, string printable)
    {
        foreach (var c in printable)
        {
            if (c is '"' or '\\' or '{' or '}' or '|' or '<' or '>') quoted.Append('\\');
            quoted.Append(c);
        }
    }
}
