using System.Text.RegularExpressions;
using Netflow.Language.Binding;
using Netflow.Testing;

namespace Netflow.Language.Tests;

/// <summary>The vocabularies of <see cref="Keywords"/>, which the grammar and the binder use, are the ones docs/language.md lists.</summary>
public sealed partial class VocabularyDocTests
{
    private static readonly string Doc = File.ReadAllText(Repository.Path("docs", "language.md"));

    /// <summary>The quoted words of one production of the grammar in docs/language.md, in order.</summary>
    private static string[] Production(string rule)
    {
        var match = Regex.Match(Doc, $@"^{Regex.Escape(rule)}\s+=(?<body>[^;]*);", RegexOptions.Multiline);
        match.Success.ShouldBeTrue($"docs/language.md has no production '{rule}'");
        return [.. QuotedWord().Matches(match.Groups["body"].Value).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedWord();

    [Fact]
    public void Each_vocabulary_is_the_grammar_production_of_the_docs()
    {
        Production("origin").ShouldBe(Keywords.Origins.Keys);
        Production("segment-kind").ShouldBe(Keywords.SegmentKinds.Keys);
        Production("device-kind").ShouldBe(Keywords.DeviceKinds.Keys);
        Production("tunnel-kind").ShouldBe(Keywords.TunnelKinds.Keys);
        Production("protocol").ShouldBe(Keywords.Protocols.Keys);
        Production("disposition").ShouldBe(Keywords.Dispositions.Keys);
        Production("encapsulation").ShouldBe(Keywords.Encapsulations.Keys);
        Production("service-type").ShouldBe(Keywords.ServiceTypes.Keys);
        Production("tunnel").ShouldContain(w => w == "mode");
        Keywords.TunnelModes.Keys.ShouldAllBe(mode => Production("tunnel").Contains(mode));
    }

    [Fact]
    public void The_device_kinds_table_of_the_docs_lists_each_kind_with_its_hosts()
    {
        var rows = Regex.Matches(Doc, @"^\| `(?<kind>[a-z0-9-]+)` \| [^|]+ \|(?<hosts>[^|]*)\|$", RegexOptions.Multiline)
            .Where(m => Keywords.DeviceKinds.ContainsKey(m.Groups["kind"].Value))
            .ToDictionary(m => m.Groups["kind"].Value, m => Regex.Matches(m.Groups["hosts"].Value, "`([^`]+)`").Select(h => h.Groups[1].Value).ToArray());
        rows.Keys.ShouldBe(Keywords.DeviceKinds.Keys);
        foreach (var facts in Keywords.Devices)
        {
            rows[facts.Keyword].ShouldBe(facts.Hosts.Select(Keywords.Spell), $"the hosts of '{facts.Keyword}'");
        }
    }
}
