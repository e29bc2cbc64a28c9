using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Netflow.Analyzers.Tests;

/// <summary>An AdditionalFiles item as the compiler hands it to analyzers and generators, from memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);

    /// <summary>The repository's root folder (where Dsl.sln is).</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return directory!.FullName;
    }

    /// <summary>The .netflow files of a folder of the repository (samples/csharp-consumer/network), as AdditionalFiles.</summary>
    public static AdditionalText[] Folder(string relative) =>
        [.. Directory.EnumerateFiles(System.IO.Path.Combine(Root(), relative), "*.netflow").Order(StringComparer.Ordinal).Select(f => new InMemoryAdditionalText(f, File.ReadAllText(f)))];
}
