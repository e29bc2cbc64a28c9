using System.Text.Json;
using Netflow.Runtime.Rendering;

namespace Netflow.Lab;

/// <summary>The lab test's report: a table (flow, engine, kernel, agree?) with the first differing hop, or JSON.</summary>
public static class LabReportWriter
{
    public static void WriteText(TextWriter output, LabReport report)
    {
        var rows = report.Flows.Select(f => (f.Flow, Engine: Both(f.Engine, f.EngineReply), Kernel: Both(f.Kernel, f.KernelReply), Agree: f.Agrees ? "yes" : "NO")).ToList();
        var widths = new[]
        {
            Math.Max(4, rows.Select(r => r.Flow.Length).DefaultIfEmpty().Max()),
            Math.Max(6, rows.Select(r => r.Engine.Length).DefaultIfEmpty().Max()),
            Math.Max(6, rows.Select(r => r.Kernel.Length).DefaultIfEmpty().Max()),
        };
        output.WriteLine($"{"flow".PadRight(widths[0])}  {"engine".PadRight(widths[1])}  {"kernel".PadRight(widths[2])}  agree?");
        for (var i = 0; i < rows.Count; i++)
        {
            var (flow, engine, kernel, agree) = rows[i];
            output.WriteLine($"{flow.PadRight(widths[0])}  {engine.PadRight(widths[1])}  {kernel.PadRight(widths[2])}  {agree}");
            var f = report.Flows[i];
            foreach (var difference in f.Differences.Take(1)) output.WriteLine($"    first difference: {difference}");
            foreach (var simulated in f.Simulated) output.WriteLine($"    simulated: {simulated}");
        }
        foreach (var note in report.Notes) output.WriteLine($"note: {note}");
        var disagreeing = report.Flows.Count(f => !f.Agrees);
        output.WriteLine(disagreeing == 0
            ? $"All {report.Flows.Count} flows agree with the kernel: {report.VerifiedHops} hops verified, {report.SimulatedHops} simulated."
            : $"{disagreeing} of {report.Flows.Count} flows disagree with the kernel; {report.VerifiedHops} hops verified, {report.SimulatedHops} simulated.");
    }

    /// <summary>The forward path, and the reply's end when the reply did not get back.</summary>
    private static string Both(PathView forward, PathView? reply) =>
        reply is null || reply.Disposition == "ACCEPTED" ? forward.ToString() : $"{forward}; reply {reply.Disposition} at {reply.Last}";

    public static void WriteJson(TextWriter output, LabReport report) => JsonOutput.Write(output, json =>
    {
        json.WriteStartObject();
        json.WriteNumber("version", 1);
        json.WriteString("lab", report.Lab);
        json.WriteBoolean("agrees", report.Agrees);
        json.WriteNumber("verifiedHops", report.VerifiedHops);
        json.WriteNumber("simulatedHops", report.SimulatedHops);
        json.WriteStartArray("flows");
        foreach (var f in report.Flows)
        {
            json.WriteStartObject();
            json.WriteString("flow", f.Flow);
            json.WriteBoolean("agrees", f.Agrees);
            Path(json, "engine", f.Engine);
            Path(json, "kernel", f.Kernel);
            if (f.EngineReply is { } er) Path(json, "engineReply", er);
            if (f.KernelReply is { } kr) Path(json, "kernelReply", kr);
            Strings(json, "differences", f.Differences);
            Strings(json, "simulated", f.Simulated);
            json.WriteNumber("verifiedHops", f.VerifiedHops);
            json.WriteNumber("simulatedHops", f.SimulatedHops);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        Strings(json, "notes", report.Notes);
        json.WriteEndObject();
    });

    private static void Path(Utf8JsonWriter json, string name, PathView path)
    {
        json.WriteStartObject(name);
        json.WriteString("disposition", path.Disposition);
        Strings(json, "hops", path.Devices);
        json.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
