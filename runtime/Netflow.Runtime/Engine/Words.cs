using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>The words users read for the runtime's vocabularies: Batfish's disposition names, tunnel names.</summary>
public static class Words
{
    /// <summary>ACCEPTED, NO_ROUTE, ...: Batfish's spelling.</summary>
    public static string Of(Disposition disposition) => disposition switch
    {
        Disposition.Accepted => "ACCEPTED",
        Disposition.DeliveredToSubnet => "DELIVERED_TO_SUBNET",
        Disposition.ExitsNetwork => "EXITS_NETWORK",
        Disposition.NoRoute => "NO_ROUTE",
        Disposition.NullRouted => "NULL_ROUTED",
        Disposition.NeighborUnreachable => "NEIGHBOR_UNREACHABLE",
        Disposition.Loop => "LOOP",
        Disposition.DeniedIn => "DENIED_IN",
        _ => "INSUFFICIENT_INFO",
    };

    public static string Of(TunnelKind kind) => kind switch
    {
        TunnelKind.Vxlan => "VXLAN",
        TunnelKind.IpInIp => "IP-in-IP",
        TunnelKind.Ipsec => "IPsec",
        _ => "L2 concentrator",
    };
}
