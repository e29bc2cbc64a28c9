using System.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Rendering;

/// <summary>
/// Renders traces as numbered steps in plain words, close to how the source document writes its flows: each step says
/// which device did what, and where in the .netflow files the declaration that made it happen is.
/// </summary>
public sealed class TraceTextRenderer(NetworkImage image)
{
    public string Render(FlowResult result)
    {
        var text = new StringBuilder();
        var flows = image.Flows;
        var name = Printable.Escape(image.String(flows.Name[result.Flow]));
        var title = Printable.Escape(image.String(flows.Title[result.Flow]));
        text.Append(result.Passed ? "PASS " : "FAIL ").Append(name).Append(": ").AppendLine(title);
        AppendTrace(text, result.Forward, "  ");
        if (result.Reply is { } reply)
        {
            text.AppendLine("  Reply:");
            AppendTrace(text, reply, "    ");
        }
        foreach (var failure in result.Failures) text.Append("  ✗ ").AppendLine(Printable.Escape(FlowWords.Of(image, failure)));
        if (result.FailedStep >= 0)
        {
            var where = Printable.Escape(image.Location(image.FlowSteps.Source[result.FailedStep]));
            if (where.Length > 0) text.Append("    (expectation at ").Append(where).AppendLine(")");
        }
        return text.ToString();
    }

    public string Render(Trace trace)
    {
        var text = new StringBuilder();
        AppendTrace(text, trace, "");
        return text.ToString();
    }

    private void AppendTrace(StringBuilder text, Trace trace, string indent)
    {
        if (trace.DnsQuery is { } query)
        {
            text.Append(indent).AppendLine("  DNS query:");
            AppendTrace(text, query, indent + "  ");
            if (trace.DnsAnswer is { } answer)
            {
                text.Append(indent).AppendLine(trace.End.Kind == EndKind.NoDnsRecord ? "  DNS answer (NXDOMAIN):" : "  DNS answer:");
                AppendTrace(text, answer, indent + "  ");
            }
        }
        var number = 1;
        foreach (var hop in trace.Hops)
        {
            var device = Printable.Escape(image.String(image.Devices.Name[hop.Device]));
            foreach (var step in hop.Steps)
            {
                if (step.Kind == StepKind.Stopped || step.Kind == StepKind.Received) continue;
                text.Append(indent).Append(number++.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(3)).Append(". ")
                    .Append(device).Append(' ').Append(Printable.Escape(TraceWords.Step(image, step)));
                var where = Printable.Escape(image.Location(step.SourceRow));
                if (where.Length > 0) text.Append("  [").Append(where).Append(']');
                text.AppendLine();
            }
        }
        text.Append(indent).Append("  → ").Append(Words.Of(trace.Disposition)).Append(": ").AppendLine(Printable.Escape(TraceWords.Reason(image, trace)));
    }
}
