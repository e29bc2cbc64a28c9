namespace Netflow.Runtime.Image;

/// <summary>
/// What a table image file may be, on both sides: the reader opens only regular files no larger than
/// <see cref="MaxLength"/> (a FIFO would block the open, and a device or a sparse file would make it allocate what its
/// header claims), and the writer writes at most that much, through <see cref="AtomicFile"/>.
/// </summary>
public static class ImageFile
{
    /// <summary>The largest image the reader accepts and the writer writes (256 MiB; the sample is 20 kB).</summary>
    public const long MaxLength = 256L * 1024 * 1024;

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

    /// <summary>Writes an image file atomically (<see cref="AtomicFile.Write(string, Action{Stream})"/>), refusing one larger than <see cref="MaxLength"/>.</summary>
    /// <exception cref="IOException">The target is a folder or not a regular file, the image is too large, or the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file may not be written.</exception>
    public static void WriteAtomically(string path, Action<Stream> write) => AtomicFile.Write(path, stream =>
    {
        write(stream);
        if (stream.Length > MaxLength)
        {
            throw new IOException($"the image would have {stream.Length} bytes; a table image has at most {MaxLength} bytes.");
        }
    });
}
