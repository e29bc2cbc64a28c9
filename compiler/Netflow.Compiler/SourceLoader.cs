using System.Text;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Compiler;

/// <summary>
/// Reads the .netflow files a user names: files as given, folders recursively, a variant folder (one with a
/// <c>variant-of</c> file) as the network it varies with its overlay applied (<see cref="VariantLoader"/>). Text that
/// is not valid UTF-8 is read with replacement characters, which the lexer then reports at their position; only a
/// missing or unreadable path is an IO failure, and it comes back as one sentence, never an exception.
/// </summary>
public static class SourceLoader
{
    public const string Extension = ".netflow";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static SourceLoadResult Load(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var variants = new List<SourceLoadResult>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path) && VariantLoader.IsVariant(path))
            {
                var variant = VariantLoader.Load(path);
                if (variant.Error is not null) return variant;
                variants.Add(variant);
            }
            else if (Directory.Exists(path))
            {
                try
                {
                    files.AddRange(Directory.EnumerateFiles(path, "*" + Extension, SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return SourceLoadResult.Failed($"cannot read the folder '{path}': {e.Message}");
                }
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                return SourceLoadResult.Failed($"'{path}' does not exist; name .netflow files or folders that contain them.");
            }
        }

        var sources = new List<SourceText>();
        // The same file named twice (by two spellings of its path) is read once.
        foreach (var file in files.DistinctBy(Path.GetFullPath, StringComparer.Ordinal))
        {
            try
            {
                sources.Add(new SourceText(DisplayPath(file), Utf8.GetString(File.ReadAllBytes(file)).TrimStart('\uFEFF')));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return SourceLoadResult.Failed($"cannot read '{file}': {e.Message}");
            }
        }
        sources.AddRange(variants.SelectMany(v => v.Sources));
        if (sources.Count == 0)
        {
            return SourceLoadResult.Failed($"no {Extension} files found in {string.Join(", ", paths.Select(p => $"'{p}'"))}.");
        }
        return SourceLoadResult.Loaded(sources) with { Diagnostics = [.. variants.SelectMany(v => v.Diagnostics)] };
    }

    /// <summary>Paths relative to the working directory when they are below it, so that messages stay short and clickable.</summary>
    internal static string DisplayPath(string file)
    {
        var full = Path.GetFullPath(file);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }
}

/// <summary>Either the loaded sources (with the mistakes found in variants' overlays) or the one-line reason they could not be loaded.</summary>
public sealed record SourceLoadResult(IReadOnlyList<SourceText> Sources, string? Error)
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>The sources parsed; the overlays' mistakes are reported with the syntax errors of the first.</summary>
    public IReadOnlyList<SyntaxTree> Trees()
    {
        var trees = Sources.Select(SyntaxTree.Parse).ToList();
        if (Diagnostics.Count > 0 && trees.Count > 0) trees[0] = trees[0].WithDiagnostics(Diagnostics);
        return trees;
    }

    public static SourceLoadResult Loaded(IReadOnlyList<SourceText> sources) => new(sources, null);

    public static SourceLoadResult Failed(string error) => new([], error);
}
