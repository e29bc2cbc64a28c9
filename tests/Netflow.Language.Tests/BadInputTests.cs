using System.Text;
using Netflow.Language.Syntax;

namespace Netflow.Language.Tests;

/// <summary>Any byte sequence yields diagnostics, never an exception, and never a stack overflow.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void EmptyFile_HasNoDiagnostics() => TestSupport.Diagnose("").ShouldBeEmpty();

    [Fact]
    public void BinaryGarbage_IsReportedAndCapped()
    {
        var random = new Random(42);
        var bytes = new byte[200_000];
        random.NextBytes(bytes);
        var text = new UTF8Encoding(false, false).GetString(bytes);

        var diagnostics = TestSupport.Diagnose(text);

        diagnostics.ShouldNotBeEmpty();
        diagnostics.Count(d => d.IsError).ShouldBeLessThanOrEqualTo(101);
        diagnostics.Last().Code.ShouldBe("NF0012");
    }

    [Fact]
    public void NulBytesAndInvalidUtf8_AreReportedAtTheirPosition()
    {
        var text = new UTF8Encoding(false, false).GetString([(byte)'s', (byte)'i', (byte)'t', (byte)'e', (byte)' ', 0, 0xC3, 0x28]);
        var diagnostic = TestSupport.Diagnose(text).First();
        diagnostic.Code.ShouldBe("NF0001");
        diagnostic.Location.Start.Character.ShouldBe(5);
        diagnostic.Message.ShouldContain("U+0000");
    }

    [Theory]
    [InlineData("site a \u0001\u0001", "U+0001 and the character after it")]
    [InlineData("site a \u0001\u0001\u0001", "U+0001 and the 2 characters after it")]
    public void ARunOfInvalidCharacters_IsCountedInWords(string text, string expected)
    {
        var message = TestSupport.Diagnose(text).First(d => d.Code == "NF0001").Message;
        message.ShouldContain(expected);
        message.ShouldNotContain("the 1 characters");
    }

    [Fact]
    public void DeepNesting_IsBoundedWithOneDiagnostic()
    {
        var text = new string('{', 50_000) + new string('}', 50_000);
        var diagnostics = TestSupport.Diagnose("site a " + text);
        diagnostics.Count(d => d.Code == "NF0010").ShouldBe(1);
        diagnostics.Count.ShouldBeLessThan(10);
    }

    [Fact]
    public void DeepNestingWithoutClosingBraces_DoesNotOverflow()
    {
        var text = string.Concat(Enumerable.Repeat("site a {\n", 30_000));
        var codes = TestSupport.Codes(text);
        codes.ShouldContain("NF0010");
        codes.Count(c => c == "NF0008").ShouldBe(1);
    }

    [Fact]
    public void UnterminatedStringAndComment_AreReported()
    {
        TestSupport.Codes("site a \"IBM Cloud\nsite b\n").ShouldBe(["NF0002"]);
        TestSupport.Codes("site a /* never closed\nsite b\n").ShouldBe(["NF0003"]);
    }

    [Fact]
    public void HugeNumbers_AreOutOfRangeNotExceptions()
    {
        var diagnostics = TestSupport.Diagnose("router r {\n  bgp as 99999999999999999999999999999999\n}\n");
        diagnostics.ShouldHaveSingleItem().Code.ShouldBe("NF0006");
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("4294967296", "4294967296")]
    [InlineData("99999999999999999999999999999999", "999999999999999999999999...")]
    public void AnAsNumberOutOfRange_NamesTheAsNumberRange_HoweverLongItIs(string written, string shown)
    {
        // Found by the review: 0 named the AS number range, 4294967296 and longer numbers "a number between 0 and 4294967295".
        var diagnostic = TestSupport.Diagnose($"router r {{\n  bgp as {written}\n}}\n").ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe("NF0006");
        diagnostic.Message.ShouldBe($"{shown} is out of range: an AS number is between 1 and 4294967295.");
    }

    [Theory]
    [InlineData("client user\nflow f {\n  from user\n  to 10.0.0.5 port 0 tcp\n}\n")]
    [InlineData("vm s {\n  serves tcp 443, 0\n}\n")]
    public void PortZero_IsOutOfRange(string text)
    {
        // Found by the review: port 0 was accepted where a port is written; no TCP or UDP connection goes to it.
        var diagnostic = TestSupport.Diagnose(text).Where(d => d.Code.StartsWith("NF00", StringComparison.Ordinal)).ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF0006");
        diagnostic.Message.ShouldBe("0 is out of range: a port is between 1 and 65535.");
    }

    [Fact]
    public void ServesIcmpWithAPort_IsLocatedAtThePort()
    {
        // Found by the review: 'serves icmp 5' was accepted and its 5 dropped without a word.
        var diagnostic = TestSupport.Diagnose("vm s {\n  serves icmp 5\n}\n").Where(d => d.Code.StartsWith("NF00", StringComparison.Ordinal)).ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF0017");
        diagnostic.Location.Span.Length.ShouldBe(1);
    }

    [Fact]
    public void MegabyteLine_IsParsedLinearly()
    {
        var line = "range r 10.0.0.0/8 \"" + new string('x', 1_000_000) + "\"\n";
        var tree = SyntaxTree.Parse("x.netflow", line);
        tree.Diagnostics.ShouldBeEmpty();
        tree.Declarations.ShouldHaveSingleItem();
    }

    [Fact]
    public void TenMegabyteFile_Checks()
    {
        var builder = new StringBuilder();
        var i = 0;
        while (builder.Length < 10_000_000)
        {
            builder.Append("range r").Append(i).Append(' ').Append("10.").Append((i >> 16) & 255).Append('.')
                .Append((i >> 8) & 255).Append('.').Append(i & 255).Append("/32 provider-private\n");
            i++;
        }
        // Nothing uses these ranges: every one is a warning, and no error.
        var diagnostics = TestSupport.Diagnose(builder.ToString());
        diagnostics.ShouldAllBe(d => d.Code == "NF2005");
    }

    [Theory]
    [InlineData("300.1.1.1", "NF0004")]
    [InlineData("10.0.0.0/33", "NF0005")]
    [InlineData("10.0.0", "NF0004")]
    [InlineData("12ab", "NF0004")]
    public void InvalidLiterals_AreReportedOnce(string literal, string code)
    {
        TestSupport.Codes($"router r {{\n  route {literal} drop\n}}\n").ShouldBe([code]);
    }
}
