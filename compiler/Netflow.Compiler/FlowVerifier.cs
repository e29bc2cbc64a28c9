using Netflow.Language;
using Netflow.Language.Diagnostics;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Compiler;

/// <summary>
/// Runs a checked compilation's flows and turns every failed expectation into an NF4005 at the flow, saying where the
/// packet went and why it stopped, with the failed expectation, the step where the packet stopped and the advertisement
/// of every BGP path a hop on the way refused for its AS loop (<see cref="RefusedRoutes"/>) as related locations, so that
/// an editor can jump to them.
/// </summary>
public static class FlowVerifier
{
    public static IReadOnlyList<Diagnostic> Verify(Compilation compilation, NetworkImage image, CancellationToken cancellation = default) =>
        compilation.Model.Flows.Count == 0 ? [] : Verify(compilation, new ForwardingEngine(image), cancellation);

    /// <summary>The flows run on an engine already built for the compilation's image.</summary>
    public static IReadOnlyList<Diagnostic> Verify(Compilation compilation, ForwardingEngine engine, CancellationToken cancellation = default)
    {
        if (compilation.Model.Flows.Count == 0) return [];
        var image = engine.Image;
        // Only a failing flow needs the map of written lines: a network whose flows all hold never builds it.
        var sources = new Lazy<Dictionary<LineOrigin, (SourceText Text, int Line)>>(() => WrittenLines(compilation));
        var diagnostics = new DiagnosticBag();
        var runner = new FlowRunner(engine);
        for (var row = 0; row < image.Flows.Count; row++)
        {
            cancellation.ThrowIfCancellationRequested();
            var result = runner.Run(row);
            if (result.Passed) continue;
            var flow = compilation.Model.Flows.First(f => f.QualifiedName == image.String(image.Flows.Name[result.Flow]));
            // A flow whose own declaration has errors has been reported already; its run would only repeat them.
            if (compilation.Diagnostics.Any(d => d.IsError && ReferenceEquals(d.Location.Source, flow.Location.Source)
                && flow.Declaration.Span.Contains(d.Location.Span)))
            {
                continue;
            }
            var expectation = result.FailedStep >= 0 ? Locate(image, sources.Value, image.FlowSteps.Source[result.FailedStep]) : null;
            var replyFailed = result.Reply is { Disposition: not Disposition.Accepted };
            var trace = replyFailed ? result.Reply! : result.Forward;
            var stop = trace.End.Device >= 0 ? Locate(image, sources.Value, DecidingRow(image, trace.End)) : null;
            diagnostics.ReportFlowDoesNotHold(flow, FlowWords.Of(image, result.Failures), Path(engine, result.Forward), Ending(image, result.Forward),
                result.Reply is { } reply ? Ending(image, reply) : null, expectation, stop, stop is null ? "" : engine.DeviceName(trace.End.Device), replyFailed,
                [.. RefusedRoutes.Of(compilation, image, result.Forward, result.Reply).Select(n => n.Refused)]);
        }
        return diagnostics.ToList();
    }

    private static FlowEnding Ending(NetworkImage image, Trace trace) => new(Words.Of(trace.Disposition), TraceWords.Reason(image, trace));

    /// <summary>
    /// The declaration that decided how a trace ended: the route that dropped the packet or sent it out, the tunnel that
    /// was down or entered again; where no row decided (no route at all), the device that lacks one.
    /// </summary>
    private static int DecidingRow(NetworkImage image, TraceEnd end) => end.Kind switch
    {
        EndKind.NullRouted or EndKind.DeliveredToSubnet or EndKind.ExitsNetwork or EndKind.NeighborUnreachable when end.Row >= 0
            => image.Routes.Source[end.Row],
        EndKind.TunnelDown or EndKind.EncapsulationLoop when end.Row >= 0 => image.Tunnels.Source[end.Row],
        EndKind.NoVxlanTransport => image.Segments.Source[end.Row],
        _ => image.Devices.Source[end.Device],
    };

    /// <summary>
    /// The devices a trace passed, consecutive hops at one device (a decapsulation, say) read as one, a loop still showing
    /// its repeats, and each tunnel named where the packet enters it.
    /// </summary>
    private static string Path(ForwardingEngine engine, Trace trace)
    {
        var image = engine.Image;
        var path = new System.Text.StringBuilder();
        for (var i = 0; i < trace.Hops.Count; i++)
        {
            var hop = trace.Hops[i];
            if (i == 0 || hop.Device != trace.Hops[i - 1].Device) path.Append(i == 0 ? "" : " → ").Append(engine.DeviceName(hop.Device));
            foreach (var step in hop.Steps)
            {
                if (step.Kind != StepKind.Encapsulated || step.Row < 0 || step.Encapsulation == TunnelKind.Vxlan) continue;
                path.Append(" (into ").Append(Words.Of(image.Tunnels.Kind[step.Row])).Append(" tunnel ")
                    .Append(image.String(image.Tunnels.Name[step.Row])).Append(')');
            }
        }
        return path.ToString();
    }

    private static SourceLocation? Locate(NetworkImage image, Dictionary<LineOrigin, (SourceText Text, int Line)> lines, int row)
    {
        if (row <= 0 || !lines.TryGetValue(new LineOrigin(image.String(image.Sources.File[row]), image.Sources.Line[row] - 1), out var at)) return null;
        var offset = Math.Min(at.Text.GetLineStart(at.Line) + image.Sources.Column[row] - 1, at.Text.Length);
        return new SourceLocation(at.Text, new TextSpan(offset, 0));
    }

    /// <summary>Each line of the compilation by the file and line where it is written (a variant's texts are composed from several files).</summary>
    private static Dictionary<LineOrigin, (SourceText Text, int Line)> WrittenLines(Compilation compilation)
    {
        var lines = new Dictionary<LineOrigin, (SourceText Text, int Line)>();
        foreach (var text in compilation.SyntaxTrees.Select(t => t.Source))
        {
            for (var line = 0; line < text.LineCount; line++)
            {
                // An overlay's line that moved into its base is blank where it was written: the moved copy wins.
                var origin = text.OriginOf(line);
                var start = text.GetLineStart(line);
                var end = line + 1 < text.LineCount ? text.GetLineStart(line + 1) : text.Length;
                if (!lines.ContainsKey(origin) || !text.Text.AsSpan(start, end - start).IsWhiteSpace()) lines[origin] = (text, line);
            }
        }
        return lines;
    }
}
