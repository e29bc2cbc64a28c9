using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Netflow.Cli.Output;

/// <summary>
/// What the commands print, as a person at a terminal reads it: each line the commands write (always plain text, the
/// bytes a script gets when output is piped) is wrapped to the terminal's width with a hanging indent (under the text
/// of a numbered step) and, unless NO_COLOR is set, coloured: PASS and ACCEPTED green, FAIL, other dispositions and
/// errors red, warnings yellow, source locations dim. Machine formats (lines starting with JSON, DOT or XML
/// punctuation) pass unchanged. User text cannot fake any of this: every command escapes control characters in
/// what users wrote (<see cref="Runtime.Rendering.Printable"/>), so each line really is the line the command wrote.
/// </summary>
internal sealed partial class TerminalWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly IAnsiConsole? _console;
    private readonly int _width;
    private readonly StringBuilder _line = new();

    /// <param name="inner">The terminal.</param>
    /// <param name="width">Its width in columns.</param>
    /// <param name="color">Whether to colour (false when NO_COLOR is set).</param>
    public TerminalWriter(TextWriter inner, int width, bool color)
    {
        _inner = inner;
        _width = Math.Max(width, 20);
        if (color)
        {
            _console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.Standard,
                Out = new AnsiConsoleOutput(inner),
                Interactive = InteractionSupport.No,
            });
            _console.Profile.Width = int.MaxValue / 2; // lines arrive wrapped already
        }
    }

    /// <summary>
    /// The writer for a standard stream: a TerminalWriter when it is a terminal, the stream itself (untouched) when it
    /// is redirected.
    /// </summary>
    public static TextWriter For(TextWriter stream, bool redirected)
    {
        if (redirected) return stream;
        int width;
        try
        {
            width = Console.WindowWidth;
        }
        catch (IOException)
        {
            width = 0;
        }
        if (width <= 0) width = 80;
        var color = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new TerminalWriter(stream, width, color);
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            EmitLine();
            return;
        }
        if (value != '\r') _line.Append(value);
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (var c in value) Write(c);
    }

    /// <summary>Prints a pending unfinished line too: call it once the command is done.</summary>
    public override void Flush()
    {
        if (_line.Length > 0) EmitLine();
        _inner.Flush();
    }

    private void EmitLine()
    {
        var line = _line.ToString();
        _line.Clear();
        var trimmed = line.TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '}' or '[' or ']' or '"' or '<')
        {
            _inner.WriteLine(line);
            return;
        }
        var style = StyleOf(trimmed);
        foreach (var piece in Wrap(line, _width))
        {
            if (_console is null) _inner.WriteLine(piece);
            else
            {
                WriteColoured(piece, style);
                _console.WriteLine();
            }
        }
    }

    private void WriteColoured(string piece, Style style)
    {
        // Source locations in brackets are dimmed; the rest of the line takes the line's style.
        var at = piece.IndexOf("  [", StringComparison.Ordinal);
        if (at >= 0 && piece.EndsWith(']'))
        {
            _console!.Write(new Text(piece[..at], style));
            _console.Write(new Text(piece[at..], new Style(decoration: Decoration.Dim)));
            return;
        }
        _console!.Write(new Text(piece, style));
    }

    private static Style StyleOf(string line)
    {
        if (line.StartsWith("PASS ", StringComparison.Ordinal) || line.StartsWith("→ ACCEPTED", StringComparison.Ordinal) ||
            line.StartsWith("All ", StringComparison.Ordinal))
            return new Style(Color.Green, decoration: line.StartsWith("PASS ", StringComparison.Ordinal) ? Decoration.Bold : Decoration.None);
        if (line.StartsWith("FAIL ", StringComparison.Ordinal)) return new Style(Color.Red, decoration: Decoration.Bold);
        if (line.StartsWith("→ ", StringComparison.Ordinal) || line.StartsWith("✗ ", StringComparison.Ordinal) || FailedSummary().IsMatch(line))
            return new Style(Color.Red);
        if (ErrorLine().IsMatch(line) || line.StartsWith("netflow: ", StringComparison.Ordinal) && !line.StartsWith("netflow: note:", StringComparison.Ordinal))
            return new Style(Color.Red);
        if (WarningLine().IsMatch(line) || line.StartsWith("netflow: note:", StringComparison.Ordinal)) return new Style(Color.Yellow);
        return Style.Plain;
    }

    /// <summary>
    /// Breaks a line at spaces to fit <paramref name="width"/>; continuation lines start under the text of a numbered
    /// step ("  12. text"), or four columns in from the line's own indent.
    /// </summary>
    internal static IEnumerable<string> Wrap(string line, int width)
    {
        if (line.Length <= width)
        {
            yield return line;
            yield break;
        }
        var step = NumberedStep().Match(line);
        var indent = step.Success ? step.Length : line.Length - line.TrimStart().Length + 4;
        if (indent > width / 2) indent = Math.Min(4, width / 4);
        var hanging = new string(' ', indent);
        var rest = line;
        var first = true;
        while (rest.Length > 0)
        {
            var prefix = first ? "" : hanging;
            var room = width - prefix.Length;
            if (rest.Length <= room)
            {
                yield return prefix + rest;
                yield break;
            }
            var cut = rest.LastIndexOf(' ', room);
            var minimum = first ? Math.Min(indent + 1, room) : 1;
            if (cut < minimum) cut = room; // one long word: break it
            yield return prefix + rest[..cut].TrimEnd();
            rest = rest[cut..].TrimStart();
            first = false;
        }
    }

    [GeneratedRegex(@"^\s*\d+\. ")]
    private static partial Regex NumberedStep();

    [GeneratedRegex(@"^\d+ of \d+ flows fail\.$")]
    private static partial Regex FailedSummary();

    [GeneratedRegex(@"\): error NF\d{4}: ")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"\): warning NF\d{4}: ")]
    private static partial Regex WarningLine();
}
