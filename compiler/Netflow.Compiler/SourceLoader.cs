using System.Text;
using Netflow.Language;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;
using Netflow.Language.Text;
using Netflow.Runtime.Image;

namespace Netflow.Compiler;

/// <summary>
/// Reads the .netflow files a user names: files as given, folders recursively, a variant folder (one with a
/// <c>variant-of</c> file) as the network it varies with its overlay applied (<see cref="VariantLoader"/>). Text that
/// is not valid UTF-8 is read with replacement characters, which the lexer then reports at their position; only regular
/// files are read (a FIFO would block). A missing or unreadable path, a device, or a file name that is not valid UTF-8
/// (which .NET cannot open) is an IO failure, and it comes back as one sentence, never an exception.
/// </summary>
public static class SourceLoader
{
    public const string Extension = ".netflow";

    /// <summary>The largest source file read (64 MiB): a generated network of 10,000 devices is 6 MB in all.</summary>
    public const long MaxFileLength = 64L * 1024 * 1024;

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
                    files.AddRange(FolderFiles(path).Order(StringComparer.Ordinal));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return SourceLoadResult.Failed($"cannot read the folder '{path}': {e.Message}");
                }
            }
            else if (File.Exists(path) && !path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
            {
                return SourceLoadResult.Failed($"'{path}' is not a {Extension} file; name .netflow files or folders that contain them.");
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
            if (Unreadable(file) is { } reason) return SourceLoadResult.Failed(reason);
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

    /// <summary>
    /// The .netflow files below a folder, visiting each real folder once: a symbolic link to a folder already visited
    /// (a cycle, or two links to one folder) adds nothing, so no file is read twice.
    /// </summary>
    internal static IEnumerable<string> FolderFiles(string root)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Path, string Real)>();
        pending.Push((root, RealPath(root)));
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0 };
        while (pending.TryPop(out var folder))
        {
            if (!visited.Add(folder.Real)) continue;
            foreach (var file in Directory.EnumerateFiles(folder.Path, "*" + Extension, options)) yield return file;
            foreach (var child in Directory.EnumerateDirectories(folder.Path, "*", options))
            {
                var link = new DirectoryInfo(child).LinkTarget is null ? null : RealPath(child);
                pending.Push((child, link ?? Path.Combine(folder.Real, Path.GetFileName(child))));
            }
        }
    }

    /// <summary>The path with every symbolic link in it resolved (what realpath(3) gives).</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var real = Path.GetPathRoot(full)!;
        foreach (var part in full[real.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            var target = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true);
            real = target is null ? next : RealPath(target.FullName);
        }
        return real;
    }

    /// <summary>Why a file that was listed cannot be read as source, in one sentence, or null when it can.</summary>
    private static string? Unreadable(string file)
    {
        if (file.Contains('\uFFFD', StringComparison.Ordinal) && !File.Exists(file))
        {
            // .NET decodes file names as UTF-8 and cannot open a name whose bytes are not: the name, not the file, is the problem.
            return $"cannot read '{file}': its file name is not valid UTF-8 (the invalid bytes are shown as \uFFFD); rename the file.";
        }
        if (FileKinds.Of(file) == FileKind.Other)
        {
            return $"cannot read '{file}': it is not a regular file (a device, FIFO or socket); name .netflow files or folders that contain them.";
        }
        var length = new FileInfo(file).Length;
        return length > MaxFileLength
            ? $"cannot read '{file}': it has {length} bytes, and a .netflow file has at most {MaxFileLength}; split the network into several files."
            : null;
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

    /// <summary>
    /// The sources parsed; the overlays' mistakes are reported with the syntax errors of the first. Lexing and parsing
    /// are marked in <paramref name="timings"/> when given.
    /// </summary>
    public IReadOnlyList<SyntaxTree> Trees(PhaseTimings? timings = null)
    {
        var trees = Sources.Select(source => SyntaxTree.Parse(source, timings)).ToList();
        if (Diagnostics.Count > 0 && trees.Count > 0) trees[0] = trees[0].WithDiagnostics(Diagnostics);
        return trees;
    }

    public static SourceLoadResult Loaded(IReadOnlyList<SourceText> sources) => new(sources, null);

    public static SourceLoadResult Failed(string error) => new([], error);
}
