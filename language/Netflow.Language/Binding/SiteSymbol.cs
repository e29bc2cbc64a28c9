using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>A site: a group of declarations for reading and rendering (a cloud, a cluster, a data centre).</summary>
public sealed class SiteSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration)
    : ScopeSymbol(name, scope, location, declaration)
{
    public override string KindName => "site";
}
