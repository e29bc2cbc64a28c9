using Netflow.Compiler;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli.Rendering;

/// <summary>The words of <see cref="RefusedRoutes"/>' notes, printed after a trace (and a failed flow) run on sources.</summary>
internal static class RefusedRouteNotes
{
    /// <summary>"Note: ibm-cloud.iks.worker-2 has no BGP route to 172.30.1.10: it refused 172.30.1.0/24 from ibm-cloud.bcr, ..."</summary>
    public static string Words(NetworkImage image, RefusedRoutes.Note note)
    {
        var (refused, destination) = (note.Refused, PacketHeader.Format(note.Destination));
        var device = refused.Device.QualifiedName;
        var instead = note.UsedRoute < 0 ? "so it has no route there"
            : image.Routes.Length[note.UsedRoute] == 0 ? "so the packet went by its default route instead"
            : $"so the packet went by its route {PacketHeader.Format(image.Routes.Network[note.UsedRoute])}/{image.Routes.Length[note.UsedRoute]} instead";
        var where = refused.Origin.Location.Path.Length == 0 ? "" : $"  [{refused.Origin.Location}]";
        return Printable.Escape($"Note: {device} has no BGP route to {destination}: it refused {refused.Prefix} from {refused.From.QualifiedName}, whose AS path "
            + $"{string.Join(' ', refused.Path)} already holds its own AS {refused.Device.Bgp!.Asn} (BGP drops such a path to prevent loops, "
            + $"unless told allowas-in), {instead}.{where}");
    }
}
