using System.CommandLine;
using System.CommandLine.Parsing;

namespace Netflow.Cli;

/// <summary>
/// What is wrong with a command line, in as few lines as possible: System.CommandLine's own parse errors, a command
/// name that is not one (with the nearest command), and an unknown option, which System.CommandLine would otherwise
/// take as a path because paths accept any word.
/// </summary>
internal static class UsageErrors
{
    public static IReadOnlyList<string> Of(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (parse.Errors.Count > 0)
        {
            if (command is RootCommand && parse.Tokens is [{ Type: TokenType.Argument } first, ..])
            {
                return [$"'{first.Value}' is not a netflow command{DidYouMean(first.Value, command.Subcommands.Select(c => c.Name))}"];
            }
            return [.. parse.Errors.Select(e => e.Message)];
        }
        var words = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value);
        var afterDoubleDash = parse.Tokens.SkipWhile(t => t.Type != TokenType.DoubleDash).Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        if (words.FirstOrDefault(w => w.Length > 1 && w[0] == '-' && !afterDoubleDash.Contains(w)) is { } unknown)
        {
            var options = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name));
            return [$"'{unknown}' is not an option of 'netflow {command.Name}'{DidYouMean(unknown, options)}"];
        }
        return [];
    }

    private static string DidYouMean(string word, IEnumerable<string> candidates)
    {
        var nearest = candidates.Select(c => (Name: c, Distance: Distance(word, c))).Where(c => c.Distance <= Math.Max(2, c.Name.Length / 3))
            .OrderBy(c => c.Distance).Select(c => c.Name).FirstOrDefault();
        return Netflow.Language.Spelling.DidYouMean(nearest);
    }

    /// <summary>Levenshtein distance, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]);
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (same ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
