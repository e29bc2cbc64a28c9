using Netflow.Cli.Output;

namespace Netflow.Cli.Tests;

public sealed class TerminalWriterTests
{
    private static string Through(string text, int width, bool color)
    {
        var inner = new StringWriter { NewLine = "\n" };
        var terminal = new TerminalWriter(inner, width, color);
        terminal.Write(text);
        terminal.Flush();
        return inner.ToString();
    }

    [Fact]
    public void Piped_OutputIsTheCommandsOwnWriter()
    {
        var inner = new StringWriter();
        TerminalWriter.For(inner, redirected: true).ShouldBeSameAs(inner);
    }

    [Fact]
    public void LongSteps_WrapUnderTheirTextWithinTheWidth()
    {
        var line = "   12. ibm-cloud.iks.worker-1 forwards 10.73.30.10:49152 → 192.168.10.20:5432 tcp to ibm-cloud.bcr  [samples/iks.netflow(29,7)]";
        var lines = Through(line + "\n", 50, color: false).TrimEnd('\n').Split('\n');
        lines.Length.ShouldBeGreaterThan(2);
        lines.ShouldAllBe(l => l.Length <= 50);
        lines[0].ShouldStartWith("   12. ibm-cloud.iks.worker-1");
        lines.Skip(1).ShouldAllBe(l => l.StartsWith("       ") && l[7] != ' ');
        string.Join(' ', lines.Select(l => l.Trim())).ShouldBe(string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void ShortLines_AndMachineFormats_PassUnchanged()
    {
        const string text = "PASS f: short\n{\n  \"title\": \"" + "a very long JSON string value that is wider than the terminal and must stay whole\"\n}\n";
        Through(text, 40, color: false).ShouldBe(text);
    }

    [Fact]
    public void Colour_MarksPassFailAndDiagnostics_OnlyWhenAllowed()
    {
        const string text = "PASS good: ok\nFAIL bad: no\nx.netflow(1,1): error NF1001: unknown\nx.netflow(1,1): warning NF2005: unused\n" +
            "  ✗ expected a source NAT\n1 of 10 flows fail.\n";
        var coloured = Through(text, 200, color: true);
        var lines = coloured.TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(6);
        lines[4].ShouldMatch(@"\u001b\[[0-9;]*(31|91)m");
        lines[5].ShouldMatch(@"\u001b\[[0-9;]*(31|91)m");
        lines[0].ShouldContain("\u001b[");
        lines[0].ShouldMatch(@"\u001b\[[0-9;]*(32|92)m"); // green
        lines[1].ShouldMatch(@"\u001b\[[0-9;]*(31|91)m"); // red
        lines[2].ShouldMatch(@"\u001b\[[0-9;]*(31|91)m");
        lines[3].ShouldMatch(@"\u001b\[[0-9;]*(33|93)m"); // yellow
        lines.Select(StripAnsi).ShouldBe(text.TrimEnd('\n').Split('\n'));
        Through(text, 200, color: false).ShouldBe(text);
    }

    private static string StripAnsi(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\u001b\[[0-9;]*m", "");
}
