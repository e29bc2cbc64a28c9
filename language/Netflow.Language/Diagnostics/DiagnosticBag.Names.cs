using Netflow.Language.Binding;
using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

// NF1xxx: names and kinds.
public sealed partial class DiagnosticBag
{
    /// <summary>NF1001: <paramref name="name"/> is visible nowhere from <paramref name="scope"/>; a hint from <paramref name="candidates"/>.</summary>
    public void ReportUnknownName(SourceLocation location, string name, ScopeSymbol? scope, IEnumerable<string> candidates) =>
        Report(DiagnosticDescriptors.UnknownName, location, name,
            scope is null ? "at the top level" : $"in {scope.KindName} '{scope.QualifiedName}' or around it", Hint(location, name, candidates));

    /// <summary>NF1002: <paramref name="symbol"/> takes the name of <paramref name="existing"/> in <paramref name="scope"/>.</summary>
    public void ReportDuplicateName(Symbol symbol, Symbol existing, ScopeSymbol? scope) =>
        Report(DiagnosticDescriptors.DuplicateName, symbol.Location, [new RelatedLocation(existing.Location, $"the other declaration of '{symbol.Name}'")],
            symbol.Name, scope is null ? "at the top level" : $"in {scope.KindName} '{scope.QualifiedName}'");

    /// <summary>
    /// NF1003: <paramref name="name"/> names <paramref name="symbol"/>, which is not what the clause <paramref name="needs"/>;
    /// <paramref name="hidden"/> is a symbol of the needed kind that <paramref name="symbol"/> hides.
    /// </summary>
    public void ReportWrongKind(SourceLocation location, string name, Symbol symbol, Needs needs, Symbol? hidden = null) =>
        Report(DiagnosticDescriptors.WrongKind, location, [DeclaredHere(symbol.Location, symbol.Name)], name, Spelling.WithArticle(symbol.KindName), needs.Words,
            hidden is null ? "" : $"; {Spelling.WithArticle(symbol.KindName)} of '{symbol.Scope!.Name}' named '{name}' hides the " +
                (hidden.QualifiedName == name
                    ? $"top-level {hidden.KindName} '{name}', whose name has no longer form, so rename the {symbol.KindName}"
                    : $"{hidden.KindName} '{hidden.QualifiedName}', so write its qualified name '{hidden.QualifiedName}'"));

    /// <summary>NF1004: <paramref name="device"/> is placed on <paramref name="host"/> (named <paramref name="hostName"/>), whose kind is not among <paramref name="allowed"/>.</summary>
    public void ReportInvalidPlacement(SourceLocation location, DeviceSymbol device, string hostName, DeviceSymbol host, IReadOnlyList<DeviceKind> allowed)
    {
        var fix = allowed.Count == 0
            ? $"{Spelling.WithArticle(device.KindName)} runs on its own, so remove 'on {hostName}'"
            : "place it on " + string.Join(" or ", allowed.Select(k => Spelling.WithArticle(Keywords.Spell(k))));
        Report(DiagnosticDescriptors.InvalidPlacement, location, [DeclaredHere(host.Location, host.Name)],
            Spelling.WithArticle(device.KindName).Capitalize(), hostName, Spelling.WithArticle(host.KindName), fix);
    }

    /// <summary>NF1005: <paramref name="device"/> must run on a host, such as one of kind <paramref name="example"/>.</summary>
    public void ReportMissingPlacement(DeviceSymbol device, DeviceKind example) =>
        Report(DiagnosticDescriptors.MissingPlacement, device.Location, device.KindName, device.Name, Keywords.Spell(example).ToUpperInvariant());

    /// <summary>NF1011: <paramref name="segment"/> names no range and declares none inside it.</summary>
    public void ReportSegmentWithoutRanges(SegmentSymbol segment) =>
        Report(DiagnosticDescriptors.SegmentWithoutRanges, segment.Location, segment.QualifiedName);

    /// <summary>NF1010: <c>expect DISPOSITION by DEVICE</c> with a disposition other than accepted.</summary>
    public void ReportAcceptorWithoutAcceptance(SourceLocation location, string disposition) =>
        Report(DiagnosticDescriptors.AcceptorWithoutAcceptance, location, disposition);

    /// <summary>
    /// NF1006: <paramref name="device"/> is placed on <paramref name="host"/> of a site that neither holds nor is held by
    /// the device's; <paramref name="suggestion"/> is a host of the right kind in the device's site, if any.
    /// </summary>
    public void ReportPlacementAcrossSites(SourceLocation location, DeviceSymbol device, DeviceSymbol host, DeviceSymbol? suggestion)
    {
        static string SiteWords(SiteSymbol? site) => site is null ? "the top level" : $"site '{site.QualifiedName}'";
        var why = device.Kind == DeviceKind.Pod
            ? "a pod runs on a worker of its own cluster"
            : $"{Spelling.WithArticle(device.KindName)} runs on {Spelling.WithArticle(host.KindName)} of its own site";
        var fix = $"{Spelling.WithArticle(host.KindName)} of {SiteWords(device.Site)}" + (suggestion is null ? "" : $", such as '{suggestion.QualifiedName}'");
        Report(DiagnosticDescriptors.PlacementAcrossSites, location, [DeclaredHere(host.Location, host.Name)],
            device.KindName, device.Name, SiteWords(device.Site), host.QualifiedName, SiteWords(host.Site), why, fix);
    }
}
