namespace Netflow.Runtime.Image;

/// <summary>
/// A table image that cannot be loaded: not an image, another format version, truncated or corrupted. The message is
/// one user-facing sentence that names the file and, where there is one, the fix.
/// </summary>
public sealed class ImageFormatException : Exception
{
    public ImageFormatException()
        : this(ImageFormatProblem.Corrupted, "The table image is corrupted.")
    {
    }

    public ImageFormatException(string message)
        : this(ImageFormatProblem.Corrupted, message)
    {
    }

    public ImageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = ImageFormatProblem.Corrupted;
    }

    public ImageFormatException(ImageFormatProblem problem, string message)
        : base(message)
    {
        Problem = problem;
    }

    public ImageFormatProblem Problem { get; }
}
