using System.Text.Json;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Rendering;

/// <summary>Writes flow results as the JSON document described in docs/cli.md (schema version 4).</summary>
public static class TraceJsonWriter
{
    /// <summary>
    /// 2: steps carry typed fields (device, row, session, how, through, overlay, outer), traces an end kind and the DNS
    /// exchange; 3: PROXIED steps; 4: the route that decided a forwarding or tunnel-entry step, with its origin.
    /// </summary>
    public const int SchemaVersion = 4;

    public static void Write(TextWriter output, NetworkImage image, IReadOnlyList<FlowResult> results)
    {
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", SchemaVersion);
            json.WriteStartArray("flows");
            foreach (var result in results)
            {
                json.WriteStartObject();
                json.WriteString("name", image.String(image.Flows.Name[result.Flow]));
                json.WriteString("title", image.String(image.Flows.Title[result.Flow]));
                json.WriteString("location", image.Location(image.Flows.Source[result.Flow]));
                json.WriteBoolean("passed", result.Passed);
                json.WriteString("expected", Words.Of(image.Flows.Expected[result.Flow]));
                json.WriteString("disposition", Words.Of(result.Disposition));
                json.WriteStartArray("failures");
                foreach (var failure in result.Failures) json.WriteStringValue(FlowWords.Of(image, failure));
                json.WriteEndArray();
                json.WritePropertyName("trace");
                WriteTrace(json, image, result.Forward);
                if (result.Reply is { } reply)
                {
                    json.WritePropertyName("reply");
                    WriteTrace(json, image, reply);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>One trace: its disposition, the reason (in words and as an end kind), the DNS exchange, and the hops with their steps.</summary>
    public static void WriteTrace(Utf8JsonWriter json, NetworkImage image, Trace trace)
    {
        json.WriteStartObject();
        json.WriteString("disposition", Words.Of(trace.Disposition));
        json.WriteString("reason", TraceWords.Reason(image, trace));
        json.WriteString("end", trace.End.Kind.ToString());
        WriteDevice(json, image, "endDevice", trace.End.Device);
        WriteHeader(json, "start", trace.Start);
        WriteHeader(json, "final", trace.Final);
        if (trace.DnsQuery is { } query)
        {
            json.WritePropertyName("dnsQuery");
            WriteTrace(json, image, query);
        }
        if (trace.DnsAnswer is { } answer)
        {
            json.WritePropertyName("dnsAnswer");
            WriteTrace(json, image, answer);
        }
        json.WriteStartArray("hops");
        foreach (var hop in trace.Hops)
        {
            json.WriteStartObject();
            json.WriteString("device", image.String(image.Devices.Name[hop.Device]));
            json.WriteStartArray("steps");
            foreach (var step in hop.Steps) WriteStep(json, image, step);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStep(Utf8JsonWriter json, NetworkImage image, TraceStep step)
    {
        json.WriteStartObject();
        json.WriteString("kind", Kind(step.Kind));
        json.WriteString("detail", step.Kind == StepKind.Stopped ? "" : TraceWords.Step(image, step));
        json.WriteString("location", image.Location(step.SourceRow));
        WriteDevice(json, image, "target", step.Device);
        if (step.Row >= 0) json.WriteNumber("row", step.Row);
        if (step.Session) json.WriteBoolean("session", true);
        if (step.Reverse) json.WriteBoolean("reverse", true);
        if (step.Kind == StepKind.Forwarded) json.WriteString("how", step.How.ToString().ToLowerInvariant());
        WriteDevice(json, image, "through", step.Through);
        if (step.Overlay is { } overlay) json.WriteString("overlay", overlay.ToString().ToLowerInvariant());
        if (step.DecidingRoute is >= 0 and var route) WriteRoute(json, image, route);
        if (step.Before is { } before) WriteHeader(json, "before", before);
        if (step.After is { } after) WriteHeader(json, "after", after);
        if (step.Outer is { } outer)
        {
            json.WriteStartObject("outer");
            json.WriteString("kind", outer.Kind.ToString().ToLowerInvariant());
            json.WriteString("source", PacketHeader.Format(outer.Source));
            json.WriteString("destination", PacketHeader.Format(outer.Destination));
            json.WriteEndObject();
        }
        if (step.Encapsulation is { } kind)
        {
            json.WriteString("encapsulation", kind.ToString().ToLowerInvariant());
            json.WriteString("outerSource", PacketHeader.Format(step.OuterSource));
            json.WriteString("outerDestination", PacketHeader.Format(step.OuterDestination));
        }
        json.WriteEndObject();
    }

    /// <summary>The route that decided a step: its row, origin, the peer it was learned from and its declaration.</summary>
    private static void WriteRoute(Utf8JsonWriter json, NetworkImage image, int route)
    {
        json.WriteNumber("route", route);
        json.WriteString("routeOrigin", image.Routes.Origin[route].ToString().ToLowerInvariant());
        WriteDevice(json, image, "learnedFrom", image.Routes.LearnedFrom[route]);
        json.WriteString("routeLocation", image.Location(image.Routes.Source[route]));
    }

    private static void WriteDevice(Utf8JsonWriter json, NetworkImage image, string name, int device)
    {
        if (device >= 0) json.WriteString(name, image.String(image.Devices.Name[device]));
    }

    private static void WriteHeader(Utf8JsonWriter json, string name, PacketHeader header)
    {
        json.WriteStartObject(name);
        json.WriteString("source", PacketHeader.Format(header.Source));
        json.WriteString("destination", PacketHeader.Format(header.Destination));
        json.WriteString("protocol", header.Protocol.ToString().ToLowerInvariant());
        json.WriteNumber("sourcePort", header.SourcePort);
        json.WriteNumber("destinationPort", header.DestinationPort);
        json.WriteEndObject();
    }

    /// <summary>Batfish's step words: RECEIVED, TRANSFORMED, FORWARDED, ...</summary>
    private static string Kind(StepKind kind) => kind switch
    {
        StepKind.Received => "RECEIVED",
        StepKind.DnsResolved => "DNS_RESOLVED",
        StepKind.SourceNat => "TRANSFORMED_SOURCE_NAT",
        StepKind.DestinationNat => "TRANSFORMED_DEST_NAT",
        StepKind.Forwarded => "FORWARDED",
        StepKind.Encapsulated => "ENCAPSULATED",
        StepKind.Decapsulated => "DECAPSULATED",
        StepKind.Delivered => "DELIVERED",
        StepKind.Proxied => "PROXIED",
        _ => "STOPPED",
    };
}
