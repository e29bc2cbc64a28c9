using Netflow.Cli.Output;
using Netflow.Compiler;
using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Syntax;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli;

/// <summary>
/// What the flow commands run on: .netflow sources, compiled (and refused with their diagnostics when they have
/// errors), or a table image file written by 'netflow build'.
/// </summary>
internal static class ImageSource
{
    public static NetworkImage? Load(string[] paths, TextWriter stderr, out int exit, DiagnosticPaths? display = null) =>
        Load(paths, stderr, out exit, out _, display);

    /// <summary>As above; <paramref name="compilation"/> is the compiled sources, or null when the input was an image.</summary>
    public static NetworkImage? Load(string[] paths, TextWriter stderr, out int exit, out Compilation? compilation, DiagnosticPaths? display = null)
    {
        exit = NetflowCli.Success;
        compilation = null;
        if (paths is [var single] && File.Exists(single) && !single.EndsWith(SourceLoader.Extension, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return ImageReader.ReadFile(single);
            }
            catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"netflow: {Printable.Escape(e.Message)}");
                exit = NetflowCli.UsageError;
                return null;
            }
        }
        var checkedNetwork = Compile(paths, stderr, out exit, display);
        compilation = checkedNetwork?.Compilation;
        return checkedNetwork?.Image;
    }

    /// <summary>
    /// Loads and checks sources (without running their flows) and prints their errors (and only errors). Returns null
    /// when they block compilation; otherwise the checked network and its image, with <paramref name="exit"/> 1 when
    /// there were errors, whatever the command then runs. Their paths are spelled as <paramref name="display"/> says, by
    /// default as <see cref="DiagnosticPaths.DefaultOf"/> says for standard error.
    /// </summary>
    public static CheckResult? Compile(string[] paths, TextWriter stderr, out int exit, DiagnosticPaths? display = null)
    {
        exit = NetflowCli.Success;
        var loaded = SourceLoader.Load(paths);
        if (loaded.Error is not null)
        {
            stderr.WriteLine($"netflow: {Printable.Escape(loaded.Error)}");
            exit = NetflowCli.UsageError;
            return null;
        }
        var result = Checker.CheckNetwork(Checker.Compile(loaded.Trees()));
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        display ??= DiagnosticPaths.DefaultOf(stderr);
        foreach (var diagnostic in errors) stderr.WriteLine(Printable.Escape(display.Line(diagnostic)));
        if (result.Image is null)
        {
            stderr.WriteLine("netflow: the network has syntax or name errors, so it cannot be compiled; fix them first ('netflow check' lists them all).");
            exit = NetflowCli.Failure;
            return null;
        }
        if (errors.Count > 0)
        {
            exit = NetflowCli.Failure;
            stderr.WriteLine($"netflow: note: the network has {errors.Count} address-plan or routing error{(errors.Count == 1 ? "" : "s")}; it runs as declared, so their effect shows in the traces.");
        }
        return result;
    }
}
