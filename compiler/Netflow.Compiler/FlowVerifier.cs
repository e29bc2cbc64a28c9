using Netflow.Language;
using Netflow.Language.Diagnostics;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Compiler;

/// <summary>
/// Runs a checked compilation's flows and turns every failed expectation into an NF4005 at the flow, saying where the
/// packet went and why it stopped, with the failed expectation and the step where the packet stopped as related
/// locations, so that an editor can jump to both.
/// </summary>
public static class FlowVerifier
{
    public static IReadOnlyList<Diagnostic> Verify(Compilation compilation, NetworkImage image)
    {
        if (compilation.Model.Flows.Count == 0) return [];
        var engine = new ForwardingEngine(image);
        var sources = compilation.SyntaxTrees.ToDictionary(t => t.Source.Path, t => t.Source, StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        foreach (var result in new FlowRunner(engine).RunAll())
        {
            if (result.Passed) continue;
            var flow = compilation.Model.Flows.First(f => f.QualifiedName == image.String(image.Flows.Name[result.Flow]));
            // A flow whose own declaration has errors has been reported already; its run would only repeat them.
            if (compilation.Diagnostics.Any(d => d.IsError && ReferenceEquals(d.Location.Source, flow.Location.Source)
                && flow.Declaration.Span.Contains(d.Location.Span)))
            {
                continue;
            }
            var related = new List<RelatedLocation>();
            if (result.FailedStep >= 0 && Locate(image, sources, image.FlowSteps.Source[result.FailedStep]) is { } expectation)
            {
                related.Add(new RelatedLocation(expectation, "the expectation that does not hold"));
            }
            var trace = result.Reply is { Disposition: not Disposition.Accepted } reply ? reply : result.Forward;
            var stop = trace.AllSteps().LastOrDefault(p => p.Step.SourceRow > 0);
            if (stop.Hop is not null && Locate(image, sources, stop.Step.SourceRow) is { } where)
            {
                related.Add(new RelatedLocation(where, $"the last step: {engine.DeviceName(stop.Hop.Device)} {TraceWords.Step(image, stop.Step)}"));
            }
            // Consecutive hops at one device (a decapsulation, say) read as one; a loop still shows its repeats.
            var devices = result.Forward.Hops.Select(h => h.Device).Where((d, i) => i == 0 || d != result.Forward.Hops[i - 1].Device);
            var path = string.Join(" → ", devices.Select(engine.DeviceName));
            var ending = $"{path} and ended {Words.Of(result.Forward.Disposition)} ({TraceWords.Reason(image, result.Forward)})";
            if (result.Reply is { } r) ending += $"; the reply ended {Words.Of(r.Disposition)} ({TraceWords.Reason(image, r)})";
            var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, DiagnosticDescriptors.FlowDoesNotHold.MessageFormat,
                flow.Name, string.Join("; ", result.Failures), ending);
            diagnostics.Add(new Diagnostic(DiagnosticDescriptors.FlowDoesNotHold, flow.Location, message, related));
        }
        return diagnostics;
    }

    private static SourceLocation? Locate(NetworkImage image, Dictionary<string, SourceText> sources, int row)
    {
        if (row <= 0 || !sources.TryGetValue(image.String(image.Sources.File[row]), out var text)) return null;
        var line = image.Sources.Line[row] - 1;
        if (line < 0 || line >= text.LineCount) return null;
        var offset = Math.Min(text.GetLineStart(line) + image.Sources.Column[row] - 1, text.Length);
        return new SourceLocation(text, new TextSpan(offset, 0));
    }
}
