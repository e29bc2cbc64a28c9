namespace Netflow.Compiler.Configuration;

/// <summary>A severity a user sets for one code, in the words of .editorconfig (<c>none</c>, <c>silent</c>, <c>suggestion</c>, ...).</summary>
public enum SeveritySetting
{
    Default,
    None,
    Silent,
    Suggestion,
    Warning,
    Error,
}

/// <summary>
/// The key that sets a code's severity for .netflow files: <c>netflow_diagnostic.NF3007.severity = none</c>. Roslyn keeps
/// <c>dotnet_diagnostic.*.severity</c> of .editorconfig sections to itself (it applies them to C# files only and does
/// not pass them to analyzers), so the build and <c>netflow check</c> read this key of their own.
/// </summary>
public static class SeveritySettings
{
    public static string KeyFor(string code) => $"netflow_diagnostic.{code.ToLowerInvariant()}.severity";

    /// <summary>The setting a value names, or null when it names none (then the code keeps its default).</summary>
    public static SeveritySetting? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "default" => SeveritySetting.Default,
        "none" => SeveritySetting.None,
        "silent" or "hidden" => SeveritySetting.Silent,
        "suggestion" or "info" => SeveritySetting.Suggestion,
        "warning" => SeveritySetting.Warning,
        "error" => SeveritySetting.Error,
        _ => null,
    };
}
