using CsCheck;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Tests;

/// <summary>
/// Whatever the text, parsing and checking end in diagnostics, never an exception, and every diagnostic points inside
/// the text. The generator mixes the language's own words and punctuation with junk, so that most inputs are almost
/// valid, where recovery is hardest.
/// </summary>
public sealed class RobustnessPropertyTests
{
    private static readonly string[] Words =
    [
        "site", "range", "segment", "router", "vm", "pod", "worker", "host", "service", "interface", "route", "via", "drop",
        "default", "bgp", "as", "peer", "advertises", "snat", "dnat", "to", "as", "egress", "toward", "tunnel", "between",
        "and", "ipsec", "ip-in-ip", "vxlan", "l2", "mode", "cross-subnet", "record", "resolver", "flow", "from", "expect",
        "step", "never", "accepted", "on", "shared", "ranges", "vlan", "10.0.0.1", "10.0.0.0/8", "300.1.1.1", "10.0.0.0/40",
        "a", "b.c", "\"text\"", "\"open", "{", "}", ",", ":", ";", "\n", "\n", "\n", " ", "#", "# netflow-disable-next NF2005",
        "/*", "*/", "99999999999999999999", "https://x.example.com", "\0", "\uFFFD", "@",
    ];

    [Fact]
    public void AnyTokenSoup_GivesDiagnosticsInsideTheText_NeverAnException()
    {
        Gen.Int[0, Words.Length - 1].Array[0, 200]
            .Select(indices => string.Join(" ", indices.Select(i => Words[i])))
            .Sample(text =>
            {
                var compilation = Compilation.Create(new SourceText("soup.netflow", text));
                foreach (var diagnostic in compilation.Diagnostics)
                {
                    diagnostic.Location.Span.Start.ShouldBeInRange(0, text.Length);
                    diagnostic.Location.Span.End.ShouldBeLessThanOrEqualTo(text.Length);
                    diagnostic.Code.ShouldStartWith("NF");
                }
            }, iter: 3_000);
    }

    [Fact]
    public void AnyCharacters_ParseWithoutException()
    {
        Gen.Char.Array[0, 400].Select(chars => new string(chars)).Sample(text =>
        {
            var tree = SyntaxTree.Parse("chars.netflow", text);
            tree.Diagnostics.ShouldAllBe(d => d.Location.Span.End <= text.Length);
        }, iter: 3_000);
    }
}
