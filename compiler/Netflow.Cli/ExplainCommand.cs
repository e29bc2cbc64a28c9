using System.CommandLine;
using System.Text.RegularExpressions;

namespace Netflow.Cli;

/// <summary><c>netflow explain NF2009</c>: prints a code's section of docs/diagnostics.md, which is embedded in the command.</summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var code = new Argument<string>("code") { Description = "A diagnostic code, such as NF2009." };
        var command = new Command("explain",
            "Print what a diagnostic code means, why it matters, how to fix it and an example (its section of docs/diagnostics.md). " +
            "Exit code 0, or 2 for a code that does not exist.")
        {
            code,
        };
        command.SetAction(parse => Run(parse.GetValue(code)!, stdout, stderr));
        return command;
    }

    private static int Run(string code, TextWriter stdout, TextWriter stderr)
    {
        var sections = Sections();
        if (!sections.TryGetValue(code.Trim().ToUpperInvariant(), out var section))
        {
            stderr.WriteLine($"netflow: '{code}' is not a Netflow diagnostic code; the codes are NF0001 to {sections.Keys.Max(StringComparer.Ordinal)} ('netflow explain NF1001').");
            return NetflowCli.UsageError;
        }
        stdout.WriteLine(section);
        return NetflowCli.Success;
    }

    /// <summary>Each '## NFnnnn: Title' section of the embedded docs/diagnostics.md, up to the next heading of its level.</summary>
    private static Dictionary<string, string> Sections()
    {
        using var stream = typeof(ExplainCommand).Assembly.GetManifestResourceStream("diagnostics.md")!;
        var text = new StreamReader(stream).ReadToEnd().ReplaceLineEndings("\n");
        var headings = Regex.Matches(text, @"^## (NF\d{4})\b.*$", RegexOptions.Multiline);
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match heading in headings)
        {
            var end = text.IndexOf("\n## ", heading.Index + heading.Length, StringComparison.Ordinal);
            sections[heading.Groups[1].Value] = text[heading.Index..(end < 0 ? text.Length : end)].TrimEnd();
        }
        return sections;
    }
}
