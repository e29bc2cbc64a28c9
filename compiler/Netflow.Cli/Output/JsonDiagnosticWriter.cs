using Netflow.Runtime.Rendering;
using System.Text.Json;
using Netflow.Language.Diagnostics;
using Netflow.Language.Text;

namespace Netflow.Cli.Output;

/// <summary>Writes diagnostics as the JSON document described in docs/cli.md (schema version 1).</summary>
internal static class JsonDiagnosticWriter
{
    public static void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, int fileCount, string helpBase, DiagnosticPaths display)
    {
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteNumber("files", fileCount);
            json.WriteNumber("errors", diagnostics.Count(d => d.IsError));
            json.WriteNumber("warnings", diagnostics.Count(d => !d.IsError));
            json.WriteStartArray("diagnostics");
            foreach (var diagnostic in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("code", diagnostic.Code);
                json.WriteString("severity", diagnostic.IsError ? "error" : "warning");
                json.WriteString("message", diagnostic.Message);
                WriteLocation(json, diagnostic.Location, display);
                json.WriteString("helpUri", diagnostic.Descriptor.HelpUriAt(helpBase));
                json.WriteStartArray("related");
                foreach (var related in diagnostic.RelatedLocations)
                {
                    json.WriteStartObject();
                    json.WriteString("message", related.Message);
                    WriteLocation(json, related.Location, display);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void WriteLocation(Utf8JsonWriter json, SourceLocation location, DiagnosticPaths display)
    {
        json.WriteString("path", display.Of(location.Path));
        WritePosition(json, "start", location.Start);
        WritePosition(json, "end", location.End);
        json.WriteNumber("offset", location.Span.Start);
        json.WriteNumber("length", location.Span.Length);
    }

    private static void WritePosition(Utf8JsonWriter json, string name, LinePosition position)
    {
        json.WriteStartObject(name);
        json.WriteNumber("line", position.Line + 1);
        json.WriteNumber("column", position.Character + 1);
        json.WriteEndObject();
    }
}
