namespace Netflow.Runtime;

/// <summary>Version of the table image format this runtime reads.</summary>
public static class ImageFormat
{
    public const int Version = 1;
}
