using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

public sealed partial class DiagnosticBag
{
    /// <summary>
    /// NF3042 at <paramref name="route"/>: it sends into <paramref name="tunnel"/> a prefix that the far end
    /// <paramref name="end"/> (of <paramref name="gateway"/>) protects only part of, <paramref name="unprotected"/> first outside.
    /// </summary>
    public void ReportRouteBeyondTrafficSelectors(RouteEntry route, TunnelSymbol tunnel, Endpoint end, DeviceSymbol gateway, IpAddress unprotected)
    {
        var protecting = Protecting(tunnel, end);
        var rest = protecting.Any(m => m.Prefix is { } p && p.Overlaps(route.Prefix)) ? $"part of it ({unprotected} first)" : "all of it";
        Report(DiagnosticDescriptors.RouteBeyondTrafficSelectors, route.Location, [new RelatedLocation(protecting[0].Location, "what the far end protects is declared here")],
            route.Prefix, route.Device.QualifiedName, tunnel.Name, EndName(end, gateway), List(protecting), rest);
    }

    /// <summary>
    /// NF3043 at what <paramref name="end"/> of <paramref name="tunnel"/> protects: none of it is in <paramref name="routed"/>,
    /// what <paramref name="other"/> at another end routes into the tunnel.
    /// </summary>
    public void ReportTrafficSelectorsDoNotMeet(TunnelSymbol tunnel, Endpoint end, DeviceSymbol gateway, DeviceSymbol other, IReadOnlyList<IpPrefix> routed) =>
        Report(DiagnosticDescriptors.TrafficSelectorsDoNotMeet, Protecting(tunnel, end)[0].Location, [DeclaredHere(other.Location, other.Name)],
            EndName(end, gateway), tunnel.Name, List(Protecting(tunnel, end)), other.QualifiedName, string.Join(", ", routed));

    /// <summary>NF3044 at a <c>protecting</c> clause of a tunnel that is not IPsec.</summary>
    public void ReportTrafficSelectorsOnTunnelWithoutIpsec(TunnelSymbol tunnel, SourceLocation location) =>
        Report(DiagnosticDescriptors.TrafficSelectorsOnTunnelWithoutIpsec, location, tunnel.Name, Spelling.WithArticle(Keywords.TunnelKinds.First(k => k.Value == tunnel.Kind).Key));

    private static IReadOnlyList<AddressMatch> Protecting(TunnelSymbol tunnel, Endpoint end) => tunnel.Protecting(end);

    private static string EndName(Endpoint end, DeviceSymbol gateway) => end.Address is { } a ? a.ToString() : $"'{gateway.QualifiedName}'";

    private static string List(IReadOnlyList<AddressMatch> matches) =>
        string.Join(", ", matches.Select(m => m.Range is { } r ? $"{r.QualifiedName} ({m.Prefix})" : m.Prefix!.ToString()));
}
