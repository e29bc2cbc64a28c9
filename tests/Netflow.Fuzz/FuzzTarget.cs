using System.Text;
using Netflow.Compiler;
using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Fuzz;

/// <summary>
/// One input through everything that reads untrusted bytes. An input that starts with the image magic number is a
/// table image: the reader must load it or refuse it with an <see cref="ImageFormatException"/>, and what loads must
/// execute. Anything else is .netflow text: parse, bind, check and verify its flows; when it compiles, its image must
/// round-trip through the writer and reader and execute. Any other exception is a finding, and so is a hang.
/// </summary>
public static class FuzzTarget
{
    private static readonly byte[] ImageMagic = "NETFLOW\u001A"u8.ToArray();

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.StartsWith(ImageMagic)) RunImage(input);
        else RunSource(input);
    }

    private static void RunImage(ReadOnlySpan<byte> input)
    {
        NetworkImage image;
        try
        {
            image = ImageReader.Read(new MemoryStream(input.ToArray(), writable: false));
        }
        catch (ImageFormatException)
        {
            return; // Refused with one sentence: what bad bytes must get.
        }
        Execute(image);
    }

    private static void RunSource(ReadOnlySpan<byte> input)
    {
        var result = Checker.Check([new SourceText("fuzz.netflow", Encoding.UTF8.GetString(input))]);
        foreach (var diagnostic in result.Diagnostics) _ = diagnostic.ToString();
        if (result.Image is null) return;

        using var bytes = new MemoryStream();
        ImageWriter.Write(result.Image, bytes);
        bytes.Position = 0;
        Execute(ImageReader.Read(bytes));
    }

    /// <summary>Compiles a network and writes its image: a seed for the image half of the target.</summary>
    public static void WriteImage(string source, string path) =>
        ImageWriter.WriteFile(ImageCompiler.Compile(Checker.Compile(new SourceText(Path.GetFileName(path), source))), path);

    private static void Execute(NetworkImage image)
    {
        var engine = new ForwardingEngine(image);
        foreach (var result in new FlowRunner(engine).RunAll()) _ = result.Passed;
    }
}
