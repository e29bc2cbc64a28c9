using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>
/// A named declaration. <see cref="Location"/> is its name token, where "go to definition" lands and duplicates point;
/// <see cref="Scope"/> is the symbol whose block declared it (null at the top level of the compilation).
/// </summary>
public abstract class Symbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration)
{
    public string Name { get; } = name;
    public ScopeSymbol? Scope { get; } = scope;
    public SourceLocation Location { get; } = location;
    public DeclarationSyntax Declaration { get; } = declaration;
    public string? Description => Declaration.Header.Description?.Value as string;

    /// <summary>What the symbol is, in the words of a message: "site", "range", "router", ...</summary>
    public abstract string KindName { get; }

    private string? _qualifiedName;

    public string QualifiedName => _qualifiedName ??= Scope is null ? Name : $"{Scope.QualifiedName}.{Name}";

    /// <summary>Whether this symbol is declared somewhere inside <paramref name="scope"/>; everything is inside null, the whole network.</summary>
    public bool IsInside(ScopeSymbol? scope)
    {
        if (scope is null) return true;
        for (var s = Scope; s is not null; s = s.Scope)
        {
            if (ReferenceEquals(s, scope)) return true;
        }
        return false;
    }

    public override string ToString() => QualifiedName;
}

/// <summary>A symbol whose block is a naming scope: a site, a device, a flow.</summary>
public abstract class ScopeSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration)
    : Symbol(name, scope, location, declaration)
{
    private readonly Dictionary<string, Symbol> _members = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Symbol> Members => _members;

    internal bool TryDeclare(Symbol symbol, out Symbol existing) => Scopes.TryDeclare(_members, symbol, out existing);
}

internal static class Scopes
{
    public static bool TryDeclare(Dictionary<string, Symbol> members, Symbol symbol, out Symbol existing)
    {
        if (members.TryGetValue(symbol.Name, out existing!)) return false;
        members.Add(symbol.Name, symbol);
        existing = symbol;
        return true;
    }

    public static SiteSymbol? EnclosingSite(ScopeSymbol? scope)
    {
        while (scope is not null and not SiteSymbol) scope = scope.Scope;
        return scope as SiteSymbol;
    }
}
