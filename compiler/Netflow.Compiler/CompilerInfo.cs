namespace Netflow.Compiler;

/// <summary>Placeholder until lowering lands (issue 4).</summary>
public static class CompilerInfo
{
    public static int ImageVersion => Netflow.Runtime.ImageFormat.Version;
}
