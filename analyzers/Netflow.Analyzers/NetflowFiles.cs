using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NetflowSourceText = Netflow.Language.Text.SourceText;

namespace Netflow.Analyzers;

/// <summary>Which AdditionalFiles are .netflow sources, and reading them as one Netflow compilation does.</summary>
internal static class NetflowFiles
{
    public const string Extension = ".netflow";

    public static bool IsNetflow(AdditionalText file) => file.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>The project's .netflow files, each once: MSBuild may pass one file twice, under two spellings of its path.</summary>
    public static ImmutableArray<AdditionalText> Of(ImmutableArray<AdditionalText> additionalFiles) =>
        [.. additionalFiles.Where(IsNetflow).DistinctBy(f => Normalize(f.Path), StringComparer.Ordinal)];

    /// <summary>The files' texts, read only through <see cref="AdditionalText.GetText"/>: no file IO inside the compiler.</summary>
    public static List<NetflowSourceText> Read(IEnumerable<AdditionalText> files, CancellationToken cancellation)
    {
        var sources = new List<NetflowSourceText>();
        foreach (var file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            if (file.GetText(cancellation) is { } text) sources.Add(new NetflowSourceText(file.Path, text.ToString()));
        }
        return sources;
    }

    /// <summary>A path with '.' and '..' segments resolved and one kind of separator, without touching the file system.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] is not ("" or "..")) parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }
        return string.Join("/", parts);
    }
}
