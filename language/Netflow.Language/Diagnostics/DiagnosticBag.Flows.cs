using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>How one packet of a flow ended, in the renderers' words: its disposition and the reason the trace gives.</summary>
public sealed record FlowEnding(string Disposition, string Reason);

// NF4xxx: flows.
public sealed partial class DiagnosticBag
{
    /// <summary>NF4001.</summary>
    public void ReportFlowMissingSource(FlowSymbol flow) => Report(DiagnosticDescriptors.FlowMissingSource, flow.Location, flow.Name);

    /// <summary>NF4002.</summary>
    public void ReportFlowMissingDestination(FlowSymbol flow) => Report(DiagnosticDescriptors.FlowMissingDestination, flow.Location, flow.Name);

    /// <summary>NF4003: a second <paramref name="keyword"/> line in <paramref name="flow"/>; the first is at <paramref name="first"/>.</summary>
    public void ReportDuplicateFlowClause(SourceLocation location, FlowSymbol flow, string keyword, SourceLocation first) =>
        Report(DiagnosticDescriptors.DuplicateFlowClause, location, [new RelatedLocation(first, $"the first '{keyword}' line")],
            flow.Name, Spelling.WithArticle($"'{keyword}'"));

    /// <summary>NF4004, with a hint from the record names and devices in <paramref name="candidates"/>.</summary>
    public void ReportUnknownHostName(SourceLocation location, string hostName, IEnumerable<string> candidates) =>
        Report(DiagnosticDescriptors.UnknownHostName, location, hostName, Hint(location, hostName, candidates));

    /// <summary>
    /// NF4005 at <paramref name="flow"/>: the expectations that failed, the devices the packet passed, how it (and its
    /// reply) ended; related: the <paramref name="expectation"/> that failed, and where the packet (or, with
    /// <paramref name="replyStopped"/>, its reply) stopped, at <paramref name="stopDevice"/>, and the advertisements of the
    /// <paramref name="refused"/> paths a hop on the way dropped for their AS loop, where it then lacked a better route.
    /// </summary>
    public void ReportFlowDoesNotHold(FlowSymbol flow, IReadOnlyList<string> failures, string path, FlowEnding forward, FlowEnding? reply,
        SourceLocation? expectation, SourceLocation? stop, string stopDevice, bool replyStopped, IReadOnlyList<RefusedBgpRoute>? refused = null)
    {
        List<RelatedLocation> related = [];
        if (expectation is not null) related.Add(new RelatedLocation(expectation, "the expectation that does not hold"));
        if (stop is not null)
        {
            var stopped = replyStopped ? reply! : forward;
            related.Add(new RelatedLocation(stop, $"where the {(replyStopped ? "reply" : "packet")} stopped, at {stopDevice}: {stopped.Reason}"));
        }
        foreach (var loop in refused ?? [])
        {
            related.Add(new RelatedLocation(loop.Origin.Location, $"'{loop.Device.QualifiedName}' refused {loop.Prefix} from '{loop.From.QualifiedName}': "
                + $"its AS path {string.Join(' ', loop.Path)} holds its own AS {loop.Device.Bgp!.Asn} (BGP's loop prevention), so it has no BGP route there"));
        }
        var ending = $"{path} and ended {forward.Disposition} ({forward.Reason})";
        if (reply is not null) ending += $"; the reply ended {reply.Disposition} ({reply.Reason})";
        Report(DiagnosticDescriptors.FlowDoesNotHold, flow.Location, related, flow.Name, string.Join("; ", failures), ending);
    }

    /// <summary>NF4006: <paramref name="flow"/> starts at (or, with <paramref name="isDestination"/>, goes to) <paramref name="endpoint"/>, which has no address.</summary>
    public void ReportFlowEndpointWithoutAddress(SourceLocation location, FlowSymbol flow, Symbol endpoint, bool isDestination) =>
        Report(DiagnosticDescriptors.FlowEndpointWithoutAddress, location, flow.Name, isDestination ? "goes to" : "starts at", endpoint.QualifiedName,
            // A service is kube-proxy's rules, not a host: an interface would not make it send.
            !isDestination && endpoint is DeviceSymbol { Kind: DeviceKind.Service }
                ? "a service sends no packets of its own, so start the flow at a workload that sends to it, such as a pod or vm"
                : $"give '{endpoint.QualifiedName}' an interface with an address");
}
