namespace Netflow.Runtime.Image;

/// <summary>What is wrong with a table image that <see cref="ImageReader"/> refuses.</summary>
public enum ImageFormatProblem
{
    /// <summary>The file does not start with the table image magic number (or is empty).</summary>
    NotAnImage,

    /// <summary>The image was written by another format version.</summary>
    OtherVersion,

    /// <summary>The image ends before its header says it does.</summary>
    Truncated,

    /// <summary>The checksum does not match, or the content is inconsistent (lengths, tags, references).</summary>
    Corrupted,
}
