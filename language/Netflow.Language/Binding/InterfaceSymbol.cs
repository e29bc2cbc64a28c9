using Netflow.Language.Addressing;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>An interface of a device: its addresses and the segment it attaches to.</summary>
public sealed class InterfaceSymbol(string name, DeviceSymbol device, SourceLocation location, DeclarationSyntax declaration)
    : Symbol(name, device, location, declaration)
{
    internal readonly List<(IpAddress Address, SourceLocation Location)> AddressList = [];

    public DeviceSymbol Device { get; } = device;
    public IReadOnlyList<(IpAddress Address, SourceLocation Location)> Addresses => AddressList;
    public SegmentSymbol? Segment { get; internal set; }

    /// <summary>Declared <c>shared</c>: a VIP or anycast address that other interfaces may hold too.</summary>
    public bool Shared { get; internal set; }

    public override string KindName => "interface";
}
