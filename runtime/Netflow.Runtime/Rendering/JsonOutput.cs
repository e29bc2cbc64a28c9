using System.Text.Json;

namespace Netflow.Runtime.Rendering;

/// <summary>Writes one indented JSON document to a text writer: the shared frame of every --format json output.</summary>
public static class JsonOutput
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
