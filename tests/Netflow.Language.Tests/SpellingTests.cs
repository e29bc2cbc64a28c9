using CsCheck;

namespace Netflow.Language.Tests;

/// <summary>"Did you mean" is bounded in time whatever the input (issue 12), and still finds what it found before.</summary>
public sealed class SpellingTests
{
    /// <summary>The full optimal-string-alignment table, no band and no cut-off: the reference the bounded one must match.</summary>
    private static int FullDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    private static string? ReferenceSuggest(string word, string[] candidates)
    {
        var limit = Math.Max(1, Math.Min(3, word.Length / 3));
        return candidates.Where(c => c != word).Select(c => (Candidate: c, Distance: FullDistance(word, c)))
            .Where(p => p.Distance <= limit)
            .OrderBy(p => p.Distance).ThenBy(p => p.Candidate, StringComparer.Ordinal)
            .Select(p => p.Candidate).FirstOrDefault();
    }

    [Fact]
    public void TheBandedDistance_SuggestsWhatTheFullTableSuggests()
    {
        var word = Gen.Char["abc"].Array[0, 12].Select(c => new string(c));
        Gen.Select(word, word.Array[0, 8]).Sample((w, candidates) =>
            Spelling.Suggest(w, candidates).ShouldBe(ReferenceSuggest(w, candidates)), iter: 3000);
    }

    [Fact]
    public void AHundredThousandCharacterName_GetsNoSuggestion_EvenWithANearTwinDeclared()
    {
        var name = new string('a', 100_000);
        var diagnostic = TestSupport.Diagnose($"router {name} {{\n  route default via {name}b\n}}\n").Single(d => d.Code == "NF1001");
        diagnostic.Message.ShouldNotContain("did you mean");
        Spelling.Suggest(new string('a', Spelling.MaxWordLength) + "b", [new string('a', Spelling.MaxWordLength + 1)]).ShouldBeNull();
        Spelling.Suggest(new string('a', Spelling.MaxWordLength - 1) + "b", [new string('a', Spelling.MaxWordLength)]).ShouldNotBeNull();
    }

    [Fact]
    public void TwoHundredLongUnknownNames_AreEachReported()
    {
        var text = Netflow.Testing.GeneratedNetworks.LongUnknownNames(200, 400);
        TestSupport.Diagnose(text).Count(d => d.Code == "NF1001").ShouldBe(100);
    }
}
