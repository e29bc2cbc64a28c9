namespace Netflow.Language;

/// <summary>Finds the candidate a misspelt word was most likely meant to be, for "did you mean" hints.</summary>
public static class Spelling
{
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Max(1, Math.Min(3, word.Length / 3));
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate.Length - word.Length) > limit || candidate == word) continue;
            var distance = Distance(word, candidate, limit);
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /// <summary>The end of a sentence: "; did you mean 'x'?" when a candidate is close enough, otherwise ".".</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } suggestion ? $"; did you mean '{suggestion}'?" : ".";

    /// <summary>A parenthetical for the middle of a sentence: " (did you mean 'x'?)" or nothing.</summary>
    public static string Aside(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";

    /// <summary>"a router", "an interface": the indefinite article a word takes.</summary>
    public static string WithArticle(string word)
    {
        var letter = word.TrimStart('\'', '"');
        return (letter.Length > 0 && "aeiouAEIOU".Contains(letter[0]) ? "an " : "a ") + word;
    }

    /// <summary>The word with its first letter in upper case, to start a sentence.</summary>
    public static string Capitalize(this string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>Optimal-string-alignment distance (a swap of two letters counts once), cut off above <paramref name="limit"/>.</summary>
    private static int Distance(string a, string b, int limit)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], previous2[j - 2] + 1);
                }
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > limit) return limit + 1;
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
