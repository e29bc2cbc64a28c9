using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Tests;

public sealed class ParserTests
{
    [Fact]
    public void Parse_Declarations_KeepExactSpans()
    {
        const string text = "site a {\n  router r \"Core\" {\n    route default via 10.0.0.1\n  }\n}\n";
        var tree = SyntaxTree.Parse("x.netflow", text);

        tree.Diagnostics.ShouldBeEmpty();
        var site = tree.Declarations.ShouldHaveSingleItem();
        site.Header.ShouldBeOfType<SiteHeader>().DeclaredName.Text.ShouldBe("a");
        text[site.Span.Start..site.Span.End].ShouldBe(text.TrimEnd('\n'));
        var router = site.Members.ShouldHaveSingleItem();
        var header = router.Header.ShouldBeOfType<DeviceHeader>();
        header.Description!.Value.ShouldBe("Core");
        var route = router.Members.ShouldHaveSingleItem().Header.ShouldBeOfType<RouteHeader>();
        text.Substring(route.NextHop!.Span.Start, route.NextHop.Span.Length).ShouldBe("10.0.0.1");
        tree.Source.GetLinePosition(route.NextHop.Span.Start).ToString().ShouldBe("3,23");
    }

    [Fact]
    public void Parse_IndependentErrors_ReportsOneDiagnosticEach()
    {
        const string text = """
            site a {
              router r {
                route default vai 10.0.0.1
                interface eth0 on x
                route 10.0.0.0/8 via 10.0.0.1 extra
              }
              segment s vlun 10
              range ok 10.0.0.0/8
            }
            """;
        var tree = SyntaxTree.Parse("x.netflow", text);

        tree.Diagnostics.Select(d => (d.Code, d.Location.Start.Line + 1)).ShouldBe(
            [("NF0007", 3), ("NF0007", 4), ("NF0007", 5), ("NF0007", 7)]);
        // The rest of the tree is complete: the valid range after the errors is still there.
        tree.Declarations[0].Members.Select(m => m.Header).OfType<RangeHeader>().ShouldHaveSingleItem();
    }

    [Theory]
    // The parser stopped at 'vai'; the line 'router' ended where a name was due; 'ruoter' is no keyword.
    [InlineData("site a {\n  router r {\n    route default vai 10.0.0.1\n  }\n}\n", "route", "vai")]
    [InlineData("site a {\n  router\n}\n", "router", "\n}")]
    [InlineData("site a {\n  ruoter r\n}\n", "ruoter", "ruoter")]
    public void Parse_FailedHeader_IsANodeWithTheMissingTokenWhereTheDiagnosticPoints(string text, string keyword, string stoppedAt)
    {
        var tree = SyntaxTree.Parse("x.netflow", text);

        var failed = Descendants(tree.Declarations).Select(d => d.Header).OfType<IncompleteHeader>().ShouldHaveSingleItem();
        failed.Keyword.Text.ShouldBe(keyword);
        failed.Keyword.IsMissing.ShouldBeFalse();
        failed.Expected.IsMissing.ShouldBeTrue();
        failed.Expected.Span.ShouldBe(new TextSpan(text.IndexOf(stoppedAt, text.IndexOf(keyword, StringComparison.Ordinal), StringComparison.Ordinal), 0));
        failed.Tokens[0].ShouldBeSameAs(failed.Keyword);
        tree.Diagnostics.ShouldHaveSingleItem().Location.Span.Start.ShouldBe(failed.Expected.Span.Start);
    }

    [Fact]
    public void Parse_BraceWithoutDeclaration_HasAMissingKeyword()
    {
        const string text = "site a {\n  {\n    range r 10.0.0.0/8\n  }\n}\n";
        var tree = SyntaxTree.Parse("x.netflow", text);

        var block = tree.Declarations.ShouldHaveSingleItem().Members.ShouldHaveSingleItem();
        var header = block.Header.ShouldBeOfType<IncompleteHeader>();
        header.Keyword.ShouldBeSameAs(header.Expected);
        header.Keyword.IsMissing.ShouldBeTrue();
        header.Keyword.Text.ShouldBe("");
        header.Keyword.Span.ShouldBe(new TextSpan(text.IndexOf("{\n    range", StringComparison.Ordinal), 0));
        header.Tokens.ShouldBeEmpty();
        block.Members.ShouldHaveSingleItem().Header.ShouldBeOfType<RangeHeader>();
        tree.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("NF0007");
    }

    [Fact]
    public void Parse_BrokenSamples_HaveNoNullHeaderAndEveryMissingTokenIsZeroWidth()
    {
        var files = Directory.GetFiles(Path.Combine(TestSupport.RepositoryRoot(), "samples", "broken"), "*.netflow");
        files.ShouldNotBeEmpty();
        var incomplete = 0;
        foreach (var file in files)
        {
            foreach (var declaration in Descendants(SyntaxTree.Parse(file, File.ReadAllText(file)).Declarations))
            {
                declaration.Header.ShouldNotBeNull(file);
                if (declaration.Header is not IncompleteHeader failed) continue;
                incomplete++;
                failed.Expected.IsMissing.ShouldBeTrue(file);
                failed.Expected.Span.Length.ShouldBe(0, file);
                failed.Tokens.ShouldAllBe(t => !t.IsMissing);
            }
        }
        incomplete.ShouldBeGreaterThan(0);
    }

    private static IEnumerable<DeclarationSyntax> Descendants(IEnumerable<DeclarationSyntax> declarations) =>
        declarations.SelectMany(d => Descendants(d.Members).Prepend(d));

    [Fact]
    public void Parse_MisspeltKeyword_SuggestsTheKeyword()
    {
        var diagnostic = SyntaxTree.Parse("x.netflow", "site a {\n  ruoter r\n}\n").Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF0013");
        diagnostic.Message.ShouldContain("did you mean 'router'?");
    }

    [Fact]
    public void Parse_DeclarationInTheWrongBlock_IsReportedOnce()
    {
        var diagnostic = SyntaxTree.Parse("x.netflow", "site a {\n  route default drop\n}\n").Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF0011");
        diagnostic.Message.ShouldContain("inside the block of the device");
    }

    [Fact]
    public void Parse_UnclosedAndUnmatchedBraces_AreReported()
    {
        SyntaxTree.Parse("x.netflow", "site a {\n  site b {\n").Diagnostics.Select(d => d.Code).ShouldBe(["NF0008"]);
        SyntaxTree.Parse("x.netflow", "site a\n}\n").Diagnostics.Select(d => d.Code).ShouldBe(["NF0009"]);
    }

    [Fact]
    public void Parse_DirectiveBeforeDeclaration_AttachesItsCodes()
    {
        var tree = SyntaxTree.Parse("x.netflow", "# netflow-disable-next NF2005\nrange r 10.0.0.0/8\nrange q 11.0.0.0/8\n");
        tree.Declarations[0].SuppressedCodes.ShouldBe(["NF2005"]);
        tree.Declarations[1].SuppressedCodes.ShouldBeEmpty();
    }
}
