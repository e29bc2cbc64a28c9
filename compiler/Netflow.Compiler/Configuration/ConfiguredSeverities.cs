using Netflow.Language.Diagnostics;

namespace Netflow.Compiler.Configuration;

/// <summary>
/// Applies the severities that .editorconfig (and .globalconfig) set for .netflow files to a check's diagnostics, as the
/// analyzer does in a build: <c>none</c>, <c>silent</c> and <c>suggestion</c> are not printed (a build prints none of
/// them either), <c>warning</c> and <c>error</c> replace the code's default.
/// </summary>
public static class ConfiguredSeverities
{
    public static IReadOnlyList<Diagnostic> Apply(IEnumerable<Diagnostic> diagnostics, EditorConfig configuration)
    {
        var byPath = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var result = new List<Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            var path = diagnostic.Location.Path;
            if (!byPath.TryGetValue(path, out var properties)) byPath[path] = properties = configuration.PropertiesFor(path);
            properties.TryGetValue(SeveritySettings.KeyFor(diagnostic.Code), out var value);
            switch (SeveritySettings.Parse(value))
            {
                case SeveritySetting.None or SeveritySetting.Silent or SeveritySetting.Suggestion:
                    break;
                case SeveritySetting.Warning:
                    result.Add(WithSeverity(diagnostic, DiagnosticSeverity.Warning));
                    break;
                case SeveritySetting.Error:
                    result.Add(WithSeverity(diagnostic, DiagnosticSeverity.Error));
                    break;
                default:
                    result.Add(diagnostic);
                    break;
            }
        }
        return result;
    }

    private static Diagnostic WithSeverity(Diagnostic diagnostic, DiagnosticSeverity severity) =>
        diagnostic.Severity == severity ? diagnostic : diagnostic with { Descriptor = diagnostic.Descriptor with { Severity = severity } };
}
