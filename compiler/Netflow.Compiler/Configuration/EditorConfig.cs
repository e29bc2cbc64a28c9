using System.Text;
using System.Text.RegularExpressions;

namespace Netflow.Compiler.Configuration;

/// <summary>
/// The .editorconfig properties that apply to a file, read as editors and Roslyn read them: every .editorconfig from the
/// file's folder up to the first with <c>root = true</c>; in each, the sections whose glob matches the file; nearer
/// files and later sections win. Keys are lower-case. Files that cannot be read or parsed are skipped: configuration
/// never stops a check. A <c>.globalconfig</c> in any folder above the file applies below everything else, as the .NET
/// SDK passes it to Roslyn; its <c>dotnet_diagnostic.NFxxxx.severity</c>, which Roslyn applies to .netflow files too,
/// counts as <c>netflow_diagnostic.NFxxxx.severity</c>.
/// </summary>
public sealed class EditorConfig
{
    public const string FileName = ".editorconfig";
    public const string GlobalFileName = ".globalconfig";

    private readonly Dictionary<string, EditorConfigFile?> files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> PropertiesFor(string path)
    {
        var full = Path.GetFullPath(path);
        var chain = new List<EditorConfigFile>();
        var global = new List<EditorConfigFile>();
        var rooted = false;
        for (var folder = Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Read(Path.Combine(folder, GlobalFileName), isGlobal: true) is { } globalFile) global.Add(globalFile);
            if (rooted || Read(Path.Combine(folder, FileName), isGlobal: false) is not { } file) continue;
            chain.Add(file);
            rooted = file.IsRoot;
        }
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // Farthest first, so that nearer files win; global configs below every .editorconfig.
        global.Reverse();
        chain.Reverse();
        foreach (var file in global.Concat(chain)) file.Apply(full, properties);
        return properties;
    }

    private EditorConfigFile? Read(string path, bool isGlobal)
    {
        if (files.TryGetValue(path, out var cached)) return cached;
        EditorConfigFile? file = null;
        try
        {
            if (File.Exists(path)) file = EditorConfigFile.Parse(Path.GetDirectoryName(path)!, File.ReadAllText(path), isGlobal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        files[path] = file;
        return file;
    }
}

/// <summary>One parsed .editorconfig: whether it is a root, and its sections in order.</summary>
internal sealed class EditorConfigFile(string folder, bool isRoot, IReadOnlyList<(Regex Glob, Dictionary<string, string> Properties)> sections)
{
    public bool IsRoot { get; } = isRoot;

    private static readonly Regex Everything = new("", RegexOptions.CultureInvariant);

    public static EditorConfigFile Parse(string folder, string text, bool isGlobal = false)
    {
        var isRoot = false;
        var sections = new List<(Regex, Dictionary<string, string>)>();
        Dictionary<string, string>? current = null;
        if (isGlobal)
        {
            current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            sections.Add((Everything, current));
        }
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                sections.Add((EditorConfigGlob.ToRegex(line[1..^1]), current));
                continue;
            }
            var equals = line.IndexOf('=');
            if (equals <= 0) continue;
            var key = line[..equals].Trim().ToLowerInvariant();
            var value = line[(equals + 1)..].Trim();
            if (isGlobal && key.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal)) key = "netflow" + key["dotnet".Length..];
            if (current is not null) current[key] = value;
            else if (key == "root") isRoot = value.Equals("true", StringComparison.OrdinalIgnoreCase);
        }
        return new EditorConfigFile(folder, isRoot, sections);
    }

    public void Apply(string fullPath, Dictionary<string, string> properties)
    {
        var relative = Path.GetRelativePath(folder, fullPath).Replace('\\', '/');
        if (relative.StartsWith("../", StringComparison.Ordinal)) return;
        foreach (var (glob, values) in sections)
        {
            if (!glob.IsMatch(relative)) continue;
            foreach (var (key, value) in values) properties[key] = value;
        }
    }
}

/// <summary>.editorconfig globs: <c>*</c>, <c>**</c>, <c>?</c>, <c>[abc]</c>, <c>[!abc]</c>, <c>{a,b}</c>, <c>{1..3}</c>; a glob without '/' matches in any folder.</summary>
internal static class EditorConfigGlob
{
    public static Regex ToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        if (!glob.Contains('/')) pattern.Append("(?:.*/)?");
        else if (glob.StartsWith('/')) glob = glob[1..];
        var braces = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '\\' when i + 1 < glob.Length:
                    pattern.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    pattern.Append(".*");
                    i++;
                    break;
                case '*':
                    pattern.Append("[^/]*");
                    break;
                case '?':
                    pattern.Append("[^/]");
                    break;
                case '[' when glob.IndexOf(']', i + 1) is var close and > 0:
                    var set = glob[(i + 1)..close];
                    pattern.Append(set.StartsWith('!') ? "[^" + Regex.Escape(set[1..]) + "]" : "[" + Regex.Escape(set) + "]");
                    i = close;
                    break;
                case '{' when Range(glob, i) is { } range:
                    pattern.Append(range.Pattern);
                    i = range.End;
                    break;
                case '{':
                    braces++;
                    pattern.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    pattern.Append(')');
                    break;
                case ',' when braces > 0:
                    pattern.Append('|');
                    break;
                default:
                    pattern.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        for (; braces > 0; braces--) pattern.Append(')');
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary><c>{1..12}</c>: any integer between the two, as an alternation of its spellings.</summary>
    private static (string Pattern, int End)? Range(string glob, int open)
    {
        var match = Regex.Match(glob[open..], @"^\{(-?\d+)\.\.(-?\d+)\}");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var low) || !int.TryParse(match.Groups[2].Value, out var high)) return null;
        if (low > high) (low, high) = (high, low);
        if ((long)high - low > 10_000) return null;
        var numbers = Enumerable.Range(low, high - low + 1).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ("(?:" + string.Join('|', numbers) + ")", open + match.Length - 1);
    }
}
