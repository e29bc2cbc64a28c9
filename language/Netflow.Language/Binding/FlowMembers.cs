using Netflow.Language.Addressing;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>
/// Where a flow goes: a URL or host name (resolved through DNS as the first step of the trace), a device or interface,
/// or an address; with the port (from the URL's scheme when not given) and protocol.
/// </summary>
public sealed record FlowDestination(string Text, string? HostName, Symbol? Symbol, IpAddress? Address, int? Port, Protocol Protocol, SourceLocation Location);

public enum WaypointKind { Device, Dns, SourceNat, DestinationNat, Encapsulation, BgpRoute, Proxy }

/// <summary>
/// One expected step of a flow, in order: a device the packet passes, or a fact (a DNS answer, a NAT translation, an
/// encapsulation). <see cref="Text"/> is the source document's wording, which renderers show beside the trace.
/// </summary>
public sealed record FlowStep(WaypointKind Kind, DeviceSymbol? Device, Encapsulation? Encapsulation, Endpoint? Argument, string? Text, SourceLocation Location);
