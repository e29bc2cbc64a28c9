using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>Applies <c># netflow-disable-next CODE</c> directives: a listed warning inside the next declaration is dropped.</summary>
internal static class Suppressions
{
    public static IEnumerable<Diagnostic> Apply(IReadOnlyList<SyntaxTree> trees, IReadOnlyList<Diagnostic> diagnostics)
    {
        var regions = new Dictionary<SourceText, List<(TextSpan Span, IReadOnlyList<string> Codes)>>(ReferenceEqualityComparer.Instance);
        foreach (var tree in trees)
        {
            var list = new List<(TextSpan, IReadOnlyList<string>)>();
            Collect(tree.Declarations, list);
            if (list.Count > 0) regions[tree.Source] = list;
        }
        if (regions.Count == 0) return diagnostics;
        return diagnostics.Where(d => d.IsError || !IsSuppressed(d, regions));
    }

    private static bool IsSuppressed(Diagnostic diagnostic, Dictionary<SourceText, List<(TextSpan Span, IReadOnlyList<string> Codes)>> regions) =>
        regions.TryGetValue(diagnostic.Location.Source, out var list)
        && list.Exists(r => r.Span.Contains(diagnostic.Location.Span) && r.Codes.Contains(diagnostic.Code));

    private static void Collect(IReadOnlyList<DeclarationSyntax> declarations, List<(TextSpan, IReadOnlyList<string>)> into)
    {
        var stack = new Stack<DeclarationSyntax>(declarations);
        while (stack.Count > 0)
        {
            var declaration = stack.Pop();
            if (declaration.SuppressedCodes.Count > 0) into.Add((declaration.Span, declaration.SuppressedCodes));
            foreach (var member in declaration.Members) stack.Push(member);
        }
    }
}
