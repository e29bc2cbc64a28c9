using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Netflow.Analyzers;

/// <summary>
/// C# identifiers for Netflow names in the generated API: <c>iks-web-to-db</c> becomes <c>IksWebToDb</c>, <c>web_1</c>
/// <c>Web_1</c>. Whatever the name, the result is a valid identifier that is no keyword; within one type, names that come
/// out the same keep that form for the first of them in ordinal order and take <c>_2</c>, <c>_3</c>... for the others (and
/// for a name the type already uses), so that the outcome does not depend on the order of files or declarations.
/// </summary>
internal static class CSharpNames
{
    /// <summary>Below the compiler's limit of 512 characters (CS0645), with room for a suffix.</summary>
    public const int MaxLength = 480;

    /// <summary>Names no generated member may take in any type: what every type inherits from object.</summary>
    private static readonly string[] Inherited = ["Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize"];

    /// <summary>PascalCase at every '-', any character C# does not allow in an identifier as '_', '_' before a leading digit.</summary>
    public static string Identifier(string name)
    {
        var text = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c == '-') { upper = true; continue; }
            var part = SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_';
            text.Append(upper ? char.ToUpperInvariant(part) : part);
            upper = false;
        }
        if (text.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(text[0])) text.Insert(0, '_');
        if (text.Length > MaxLength) text.Length = MaxLength;
        var identifier = text.ToString();
        return identifier == "_" || SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) != SyntaxKind.None
            ? "_" + identifier
            : identifier;
    }

    /// <summary>
    /// One identifier per Netflow name for the members of one type: <paramref name="taken"/> are the names the type
    /// already has (its own name, which C# forbids for a member, and the generated infrastructure).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Members(IEnumerable<string> names, IEnumerable<string> taken)
    {
        var ordered = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var reserved = new HashSet<string>(taken.Concat(Inherited), StringComparer.Ordinal);
        // The first name (in ordinal order) of those that come out the same keeps that form, unless it is reserved.
        var keepers = ordered.GroupBy(Identifier, StringComparer.Ordinal).Where(g => !reserved.Contains(g.Key))
            .ToDictionary(g => g.First(), g => g.Key, StringComparer.Ordinal);
        var used = new HashSet<string>(reserved.Concat(keepers.Values), StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ordered)
        {
            if (keepers.TryGetValue(name, out var kept))
            {
                result[name] = kept;
                continue;
            }
            var identifier = Identifier(name);
            var n = 2;
            while (used.Contains($"{identifier}_{n}")) n++;
            result[name] = $"{identifier}_{n}";
            used.Add(result[name]);
        }
        return result;
    }
}
