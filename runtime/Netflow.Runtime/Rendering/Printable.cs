using System.Globalization;
using System.Text;

namespace Netflow.Runtime.Rendering;

/// <summary>
/// Makes user-controlled text (names, descriptions, titles, file names) safe to print on one line: every control
/// character, every character that reorders text on screen (bidirectional overrides) and every lone surrogate becomes a
/// visible escape, so that no input can start a new line, forge a diagnostic or a PASS, or send a terminal an escape
/// sequence. Every output (text, MSBuild lines, JSON, SARIF, DOT) prints user text through this one function.
/// </summary>
public static class Printable
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var first = FirstUnsafe(text);
        if (first < 0) return text;
        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }
            if (!IsUnsafe(c))
            {
                escaped.Append(c);
                continue;
            }
            escaped.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ => @"\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }
        return escaped.ToString();
    }

    /// <summary>Whether <paramref name="text"/> prints as it is (Escape returns it unchanged).</summary>
    public static bool IsSafe(string text) => FirstUnsafe(text) < 0;

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (IsUnsafe(c)) return i;
        }
        return -1;
    }

    // C0 and C1 controls (ESC, CSI U+009B), DEL, the line and paragraph separators, the bidirectional embeddings,
    // overrides and isolates ("Trojan Source"), and surrogates that are not part of a pair.
    private static bool IsUnsafe(char c) =>
        c < ' ' || (c >= '\u007F' && c <= '\u009F') || c is '\u2028' or '\u2029' || (c >= '\u202A' && c <= '\u202E') ||
        (c >= '\u2066' && c <= '\u2069') || c is '\u200E' or '\u200F' or '\u061C' || char.IsSurrogate(c);
}
