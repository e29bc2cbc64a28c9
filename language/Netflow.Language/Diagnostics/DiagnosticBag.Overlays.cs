using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>Why a variant's base network cannot be read (NF0101).</summary>
public enum BaseProblem
{
    /// <summary>'variant-of' has no line that names a folder.</summary>
    NoFolder,

    /// <summary>'variant-of' has a second line (the detail).</summary>
    MoreThanOneLine,

    /// <summary>The path (the detail) is not a folder.</summary>
    NotAFolder,

    /// <summary>The path (the detail) leads back to this variant.</summary>
    LeadsBack,

    /// <summary>The path (the detail) is this variant or one that varies it.</summary>
    VariesItself,

    /// <summary>The base's files cannot be read (the detail says why).</summary>
    Unreadable,
}

/// <summary>What is wrong with the shape of an overlay edit (NF0104).</summary>
public enum EditMistake
{
    /// <summary>An edit keyword (the name) inside a declaration's block.</summary>
    InsideDeclaration,
    RemoveWithoutTarget,
    LineRemovedOutsideChange,
    ReplaceWithoutDeclaration,
    ReplaceWithoutName,
    ChangeNotABlock,

    /// <summary>The changed declaration (the name) has no block.</summary>
    NoBlockToChange,

    /// <summary>The changed declaration's (the name, at the place) closing brace shares its line.</summary>
    BraceSharesLine,

    /// <summary>The declaration (the name, at the place) is edited twice.</summary>
    EditedTwice,
}

// NF01xx: a variant's edits of the network it varies.
public sealed partial class DiagnosticBag
{
    /// <summary>NF0101 at the line of 'variant-of'; <paramref name="detail"/> is the path, the extra line or the reason the problem names.</summary>
    public void ReportUnknownBase(SourceLocation location, BaseProblem problem, string detail = "") =>
        Report(DiagnosticDescriptors.UnknownBase, location, problem switch
        {
            BaseProblem.NoFolder => "'variant-of' names no folder",
            BaseProblem.MoreThanOneLine => $"'variant-of' has more than one line ('{detail}')",
            BaseProblem.NotAFolder => $"'{detail}' is not a folder",
            BaseProblem.LeadsBack => $"'{detail}' leads back to this variant",
            BaseProblem.VariesItself => $"'{detail}' is this variant or one that varies it",
            _ => detail.TrimEnd('.'),
        });

    /// <summary>
    /// NF0102: the edit <paramref name="verb"/> names no declaration of the base (with a hint from
    /// <paramref name="candidates"/>), or, with <paramref name="line"/>, no such line in the changed <paramref name="declaration"/>.
    /// </summary>
    public void ReportNothingToEdit(SourceLocation location, string verb, string declaration, IEnumerable<string> candidates, string? line = null) =>
        Report(DiagnosticDescriptors.NothingToEdit, location, line is null ? $"declaration '{declaration}'" : $"line '{line}' in '{declaration}'", verb,
            line is null ? Hint(location, declaration, candidates) : ".");

    /// <summary>NF0103: <paramref name="what"/> (a name, or with <paramref name="isLine"/> a line of a changed block) matches every one of <paramref name="matches"/>.</summary>
    public void ReportAmbiguousEdit(SourceLocation location, string what, IReadOnlyList<SourceLocation> matches, bool isLine)
    {
        var where = isLine
            ? $"{matches[0].Path} {string.Join(", ", matches.Select(m => $"line {m.Start.Line + 1}"))}"
            : string.Join(", ", matches.Select(Place));
        Report(DiagnosticDescriptors.AmbiguousEdit, location, what, matches.Count, where,
            isLine ? "write the line with its description" : "edit the declarations inside it instead");
    }

    /// <summary>NF0104: <paramref name="name"/> and <paramref name="declared"/> are the edit keyword or the base declaration, and where it is, when the mistake names them.</summary>
    public void ReportMalformedEdit(SourceLocation location, EditMistake mistake, string name = "", SourceLocation? declared = null) =>
        Report(DiagnosticDescriptors.MalformedEdit, location, mistake switch
        {
            EditMistake.InsideDeclaration => $"'{name}' stands at the top of a file, in a site or in a change block, not inside a declaration",
            EditMistake.RemoveWithoutTarget => "'remove' needs the name of a declaration, or a whole line of the block being changed",
            EditMistake.LineRemovedOutsideChange => "A line without a name is removed from inside 'change NAME { ... }'; give the name of a declaration instead",
            EditMistake.ReplaceWithoutDeclaration => "'replace' needs the declaration that replaces the base's",
            EditMistake.ReplaceWithoutName => "Only a declaration with a name can be replaced; remove the base's line and write the new one",
            EditMistake.ChangeNotABlock => "A change is written 'change NAME {', with the lines to add on the lines below and '}' on a line of its own",
            EditMistake.NoBlockToChange => $"'{name}' has no block to add lines to; replace it instead",
            EditMistake.BraceSharesLine => $"The closing brace of '{name}' ({Place(declared!)}) shares its line; a changed block ends with '}}' on a line of its own",
            _ => $"'{name}' ({Place(declared!)}) is edited twice; edit it once",
        });

    /// <summary>"ibm-cloud.netflow line 12": where a base declaration is.</summary>
    private static string Place(SourceLocation location) => $"{location.Path} line {location.Start.Line + 1}";
}
