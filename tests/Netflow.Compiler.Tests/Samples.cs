using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>Loads the bundled samples (or a text-modified copy) and runs their flows.</summary>
internal static class Samples
{
    public static string Root() => global::Netflow.Testing.Repository.Root;

    /// <summary>
    /// The files of a sample folder as (name, text), for tests that edit them before compiling; a variant's are its
    /// base's files with its overlay applied, as the loader composes them.
    /// </summary>
    public static Dictionary<string, string> Files(string folder)
    {
        var directory = Path.Combine(Root(), folder);
        if (!VariantLoader.IsVariant(directory))
        {
            return Directory.EnumerateFiles(directory, "*.netflow").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
        }
        var loaded = SourceLoader.Load([directory]);
        loaded.Error.ShouldBeNull();
        loaded.Diagnostics.ShouldBeEmpty();
        return loaded.Sources.ToDictionary(s => Path.GetFileName(s.Path), s => s.Text, StringComparer.Ordinal);
    }

    public static Compilation Compile(Dictionary<string, string> files) =>
        Checker.Compile(files.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new SourceText(p.Key, p.Value)).ToArray());

    public static (NetworkImage Image, ForwardingEngine Engine, IReadOnlyList<FlowResult> Results) Run(Dictionary<string, string> files)
    {
        var compilation = Compile(files);
        compilation.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ShouldBeEmpty();
        var image = ImageCompiler.Compile(compilation);
        var engine = new ForwardingEngine(image);
        return (image, engine, new FlowRunner(engine).RunAll());
    }

    public static FlowResult Flow(this (NetworkImage Image, ForwardingEngine Engine, IReadOnlyList<FlowResult> Results) run, string name) =>
        run.Results.Single(r => run.Image.String(run.Image.Flows.Name[r.Flow]) == name);

    /// <summary>The trace as short words: device names and step kinds (with the encapsulation), in order.</summary>
    public static List<string> Story(this ForwardingEngine engine, Trace trace)
    {
        var story = new List<string>();
        foreach (var hop in trace.Hops)
        {
            story.Add(engine.DeviceName(hop.Device));
            foreach (var step in hop.Steps)
            {
                switch (step.Kind)
                {
                    case StepKind.Encapsulated: story.Add($"encap:{step.Encapsulation}"); break;
                    case StepKind.Decapsulated: story.Add($"decap:{step.Encapsulation}"); break;
                    case StepKind.SourceNat: story.Add($"snat:{PacketHeader.Format(step.After!.Value.Source)}"); break;
                    case StepKind.DestinationNat: story.Add($"dnat:{PacketHeader.Format(step.After!.Value.Destination)}"); break;
                    case StepKind.DnsResolved: story.Add($"dns:{PacketHeader.Format(step.Address)}"); break;
                    case StepKind.Proxied: story.Add($"proxy:{step.After}"); break;
                }
            }
        }
        return story;
    }
}
