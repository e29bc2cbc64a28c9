using Netflow.Runtime.Rendering;
using System.Text.Json;
using Netflow.Language.Diagnostics;
using Netflow.Language.Text;

namespace Netflow.Cli.Output;

/// <summary>Writes diagnostics as a SARIF 2.1.0 log: one run, every Netflow rule with its help link, one result per diagnostic.</summary>
internal static class SarifWriter
{
    public static void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, string helpBase)
    {
        var rules = DiagnosticDescriptors.All;
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "netflow");
            json.WriteString("informationUri", helpBase);
            json.WriteString("semanticVersion", typeof(SarifWriter).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Code);
                json.WriteString("name", rule.Title.Replace(" ", "", StringComparison.Ordinal));
                WriteMessage(json, "shortDescription", rule.Title);
                json.WriteString("helpUri", rule.HelpUriAt(helpBase));
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.Severity));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var diagnostic in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", diagnostic.Code);
                json.WriteNumber("ruleIndex", IndexOf(rules, diagnostic.Descriptor));
                json.WriteString("level", Level(diagnostic.Severity));
                WriteMessage(json, "message", diagnostic.Message);
                json.WriteStartArray("locations");
                json.WriteStartObject();
                WritePhysicalLocation(json, diagnostic.Location);
                json.WriteEndObject();
                json.WriteEndArray();
                if (diagnostic.RelatedLocations.Count > 0)
                {
                    json.WriteStartArray("relatedLocations");
                    var id = 1;
                    foreach (var related in diagnostic.RelatedLocations)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("id", id++);
                        WriteMessage(json, "message", related.Message);
                        WritePhysicalLocation(json, related.Location);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static int IndexOf(IReadOnlyList<DiagnosticDescriptor> rules, DiagnosticDescriptor descriptor)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Code == descriptor.Code) return i;
        }
        return -1;
    }

    private static string Level(DiagnosticSeverity severity) => severity == DiagnosticSeverity.Error ? "error" : "warning";

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter json, SourceLocation location)
    {
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", location.Path.Replace('\\', '/'));
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", location.Start.Line + 1);
        json.WriteNumber("startColumn", location.Start.Character + 1);
        json.WriteNumber("endLine", location.End.Line + 1);
        json.WriteNumber("endColumn", location.End.Character + 1);
        json.WriteNumber("charOffset", location.Span.Start);
        json.WriteNumber("charLength", location.Span.Length);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
