using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>A device of some kind, where it runs, and everything its block configures.</summary>
public sealed class DeviceSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration, DeviceKind kind)
    : ScopeSymbol(name, scope, location, declaration)
{
    internal readonly List<InterfaceSymbol> InterfaceList = [];
    internal readonly List<RouteDeclaration> RouteList = [];
    internal readonly List<BgpPeering> PeerList = [];
    internal readonly List<SourceNat> SourceNatList = [];
    internal readonly List<DestinationNat> DestinationNatList = [];
    internal readonly List<DnsRecord> RecordList = [];
    internal readonly List<ServedPort> ServedList = [];

    public DeviceKind Kind { get; } = kind;

    /// <summary>The device this one runs on (<c>on HOST</c>): a VM's hypervisor, a pod's worker.</summary>
    public DeviceSymbol? Host { get; internal set; }

    public IReadOnlyList<InterfaceSymbol> Interfaces => InterfaceList;
    public IReadOnlyList<RouteDeclaration> Routes => RouteList;
    public BgpSpeaker? Bgp { get; internal set; }
    public IReadOnlyList<BgpPeering> Peers => PeerList;
    public IReadOnlyList<SourceNat> SourceNats => SourceNatList;
    public IReadOnlyList<DestinationNat> DestinationNats => DestinationNatList;
    public IReadOnlyList<DnsRecord> Records => RecordList;
    public DeviceSymbol? Resolver { get; internal set; }

    /// <summary>What the device's <c>serves</c> lines say it listens on.</summary>
    public IReadOnlyList<ServedPort> Serves => ServedList;

    /// <summary>The innermost enclosing site.</summary>
    public SiteSymbol? Site => Scopes.EnclosingSite(Scope);

    public override string KindName => Keywords.Spell(Kind);
}
