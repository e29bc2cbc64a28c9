using Netflow.Runtime.Image;

namespace Netflow.Runtime;

/// <summary>
/// Writes a file atomically: into a temporary file beside the path, then moved over it. It replaces only a regular file
/// or creates a new one (never a device, FIFO or folder), never leaves its temporary behind on a handled failure, and
/// removes the temporaries that killed earlier writes to the same path left.
/// </summary>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <inheritdoc cref="Write(string, Action{Stream})"/>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Writes a file atomically with <paramref name="write"/>: into a temporary file beside <paramref name="path"/>,
    /// then moved over it. If anything fails, the temporary file is deleted and an existing file is left as it was.
    /// </summary>
    /// <exception cref="IOException">The target is a folder or not a regular file, or the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file may not be written.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string name = Path.GetFileName(fullPath);
        if (name.Length == 0 || FileKinds.Of(fullPath) == FileKind.Directory)
        {
            throw new IOException("it is a folder; name the file to write.");
        }

        if (FileKinds.Of(fullPath) == FileKind.Other)
        {
            throw new IOException("it is not a regular file (a device, FIFO or socket); a file is written only to a regular file or a new path.");
        }

        string directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"the folder '{directory}' does not exist.");
        }

        RemoveStaleTemporaries(directory, name);
        string temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes temporaries of earlier writes to the same file name that nobody holds any more (a write keeps its
    /// temporary open with an exclusive lock until it is moved, so a live write's temporary cannot be opened).
    /// </summary>
    private static void RemoveStaleTemporaries(string directory, string name)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, $".{name}.*{TemporarySuffix}").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // The write itself reports what is wrong with the directory.
        }

        foreach (var candidate in candidates)
        {
            if (!IsTemporaryOf(Path.GetFileName(candidate), name)) continue;
            try
            {
                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                File.Delete(candidate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a live write, or not ours to delete: leave it.
            }
        }
    }

    /// <summary>Exactly ".NAME.&lt;32 hex digits&gt;.tmp", so that no other file of the user's is ever taken for one.</summary>
    internal static bool IsTemporaryOf(string fileName, string name)
    {
        int prefix = name.Length + 2;
        if (fileName.Length != prefix + 32 + TemporarySuffix.Length) return false;
        if (!fileName.StartsWith($".{name}.", StringComparison.Ordinal) || !fileName.EndsWith(TemporarySuffix, StringComparison.Ordinal)) return false;
        foreach (char c in fileName.AsSpan(prefix, 32))
        {
            if (!char.IsAsciiHexDigitLower(c)) return false;
        }

        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original failure is the one to report.
        }
    }
}
