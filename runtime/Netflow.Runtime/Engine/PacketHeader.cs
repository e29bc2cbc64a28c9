using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>The fields of an IP header the engine looks at; ports are 0 for ICMP.</summary>
public readonly record struct PacketHeader(uint Source, uint Destination, Protocol Protocol, int SourcePort, int DestinationPort)
{
    /// <summary>The header of the reply to this packet.</summary>
    public PacketHeader Reply() => new(Destination, Source, Protocol, DestinationPort, SourcePort);

    public static string Format(uint address) => $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";

    public override string ToString() =>
        Protocol == Protocol.Icmp
            ? $"{Format(Source)} → {Format(Destination)} icmp"
            : $"{Format(Source)}:{SourcePort} → {Format(Destination)}:{DestinationPort} {Protocol.ToString().ToLowerInvariant()}";
}
