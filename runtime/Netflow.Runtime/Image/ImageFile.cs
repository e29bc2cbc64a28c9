namespace Netflow.Runtime.Image;

/// <summary>
/// What a table image file may be, on both sides: the reader opens only regular files no larger than
/// <see cref="MaxLength"/> (a FIFO would block the open, and a device or a sparse file would make it allocate what its
/// header claims), and the writer replaces only a regular file or creates a new one, through a temporary file in the
/// same directory that it never leaves behind, and that a later write to the same path removes if a killed process
/// left it.
/// </summary>
public static class ImageFile
{
    /// <summary>The largest image the reader accepts and the writer writes (256 MiB; the sample is 20 kB).</summary>
    public const long MaxLength = 256L * 1024 * 1024;

    private const string TemporarySuffix = ".tmp";

    /// <summary>Opens an image file for reading after checking that it is a regular file of at most <see cref="MaxLength"/> bytes.</summary>
    /// <exception cref="IOException">It is missing, not a regular file, or larger than an image can be.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        switch (FileKinds.Of(path))
        {
            case FileKind.Missing:
                throw new FileNotFoundException($"'{path}' does not exist.", path);
            case FileKind.Directory:
                throw new IOException($"'{path}' is a folder, not a table image.");
            case FileKind.Other:
                throw new IOException($"'{path}' is not a regular file (a device, FIFO or socket); a table image is read only from a regular file.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (!stream.CanSeek || stream.Length > MaxLength)
        {
            // Swapped for something else between the check and the open, or simply too large to be an image.
            long length = stream.CanSeek ? stream.Length : -1;
            stream.Dispose();
            throw new IOException(length < 0
                ? $"'{path}' is not a regular file; a table image is read only from a regular file."
                : $"'{path}' has {length} bytes; a table image has at most {MaxLength} bytes.");
        }

        return stream;
    }

    /// <summary>
    /// Writes a file atomically with <paramref name="write"/>: into a temporary file beside <paramref name="path"/>,
    /// then moved over it. If anything fails, the temporary file is deleted and an existing file is left as it was.
    /// </summary>
    /// <exception cref="IOException">The target is a folder or not a regular file, or the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file may not be written.</exception>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string name = Path.GetFileName(fullPath);
        if (name.Length == 0 || FileKinds.Of(fullPath) == FileKind.Directory)
        {
            throw new IOException("it is a folder; name the image file to write.");
        }

        if (FileKinds.Of(fullPath) == FileKind.Other)
        {
            throw new IOException("it is not a regular file (a device, FIFO or socket); an image is written only to a regular file or a new path.");
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
                if (stream.Length > MaxLength)
                {
                    throw new IOException($"the image would have {stream.Length} bytes; a table image has at most {MaxLength} bytes.");
                }

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
