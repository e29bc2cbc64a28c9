namespace Netflow.Language;

/// <summary>Finds the candidate a misspelt word was most likely meant to be, for "did you mean" hints.</summary>
public static class Spelling
{
    /// <summary>Words longer than this get no suggestion: nobody misspells a name of that length by a letter or two.</summary>
    public const int MaxWordLength = 128;

    /// <summary>Distance-table cells one suggestion may fill, over all candidates, before it settles for the best so far.</summary>
    public const int CellBudget = 1_000_000;

    /// <summary>
    /// The closest candidate within a distance of a third of the word's length (1 to 3), or null. Each comparison fills only
    /// the diagonal band that distance allows, so its cost is the word's length times at most 7, and all of them together
    /// stop at <see cref="CellBudget"/>: time is bounded whatever the input.
    /// </summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        if (word.Length > MaxWordLength) return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Max(1, Math.Min(3, word.Length / 3));
        var budget = CellBudget;
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate.Length - word.Length) > limit || candidate == word) continue;
            budget -= word.Length * (2 * limit + 1);
            if (budget < 0) break;
            var distance = Distance(word, candidate, limit);
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /// <summary>
    /// The one spelling of a "did you mean" hint, which ends a sentence: "; did you mean 'x'?" when a candidate is close
    /// enough, otherwise ".". Diagnostics get it through their bag, the CLI's usage errors directly.
    /// </summary>
    public static string Hint(string word, IEnumerable<string> candidates) => DidYouMean(Suggest(word, candidates));

    /// <summary>The hint for a suggestion found some other way (the CLI's, say), or "." for none.</summary>
    public static string DidYouMean(string? suggestion) => suggestion is null ? "." : $"; did you mean '{suggestion}'?";

    /// <summary>"a router", "an interface": the indefinite article a word takes.</summary>
    public static string WithArticle(string word)
    {
        var letter = word.TrimStart('\'', '"');
        return (letter.Length > 0 && "aeiouAEIOU".Contains(letter[0]) ? "an " : "a ") + word;
    }

    /// <summary>The word with its first letter in upper case, to start a sentence.</summary>
    public static string Capitalize(this string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>
    /// Optimal-string-alignment distance (a swap of two letters counts once), cut off above <paramref name="limit"/>: only
    /// cells within <paramref name="limit"/> of the diagonal can stay within it, so only those are computed.
    /// </summary>
    private static int Distance(string a, string b, int limit)
    {
        var outside = limit + 1;
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = Math.Min(j, outside);
        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - limit);
            var to = Math.Min(b.Length, i + limit);
            current[0] = Math.Min(i, outside);
            if (from > 1) current[from - 1] = outside;
            var rowMin = from == 1 ? current[0] : outside;
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(previous[j - 1] + cost, outside);
                value = Math.Min(value, previous[j] + 1);
                value = Math.Min(value, current[j - 1] + 1);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, previous2[j - 2] + 1);
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (to < b.Length) current[to + 1] = outside;
            if (rowMin > limit) return outside;
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
