using System.ComponentModel;
using System.Diagnostics;

namespace Netflow.Runtime.Rendering.Dot;

/// <summary>Why Graphviz could not turn DOT into a picture, in one line for the user.</summary>
public sealed class GraphvizException(string message, bool notInstalled) : Exception(message)
{
    /// <summary>The <c>dot</c> program was not found (as opposed to failing or timing out).</summary>
    public bool NotInstalled { get; } = notInstalled;
}

/// <summary>
/// Runs Graphviz's <c>dot</c> program (found on PATH, or at a given path) to lay out a DOT graph as SVG or PNG,
/// with a timeout, and returns the picture's bytes.
/// </summary>
public static class GraphvizDot
{
    public const string DebianPackage = "graphviz";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The dot program to run: <paramref name="dotPath"/> when given, else the first <c>dot</c> on PATH, else null.</summary>
    public static string? Find(string? dotPath = null)
    {
        if (!string.IsNullOrEmpty(dotPath)) return File.Exists(dotPath) ? Path.GetFullPath(dotPath) : null;
        var names = OperatingSystem.IsWindows() ? new[] { "dot.exe" } : ["dot"];
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>Lays out <paramref name="dot"/> in <paramref name="format"/> ("svg" or "png").</summary>
    /// <exception cref="GraphvizException">dot is missing, fails, or runs past the timeout.</exception>
    public static byte[] Render(string dot, string format, string? dotPath = null, TimeSpan? timeout = null)
    {
        var program = Find(dotPath) ?? throw new GraphvizException(
            dotPath is { Length: > 0 }
                ? $"Graphviz 'dot' was not found at {Printable.Escape(dotPath)}; install the Debian package '{DebianPackage}' (apt-get install {DebianPackage}) or give the right --dot-path."
                : $"Graphviz 'dot' was not found on PATH; install the Debian package '{DebianPackage}' (apt-get install {DebianPackage}) or give its location with --dot-path.",
            notInstalled: true);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        start.ArgumentList.Add("-T" + format);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GraphvizException($"Graphviz 'dot' at {Printable.Escape(program)} could not be started.", notInstalled: false);
        }
        catch (Win32Exception e)
        {
            throw new GraphvizException($"Graphviz 'dot' at {Printable.Escape(program)} could not be started ({e.Message}).", notInstalled: false);
        }
        using (process)
        {
            var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var errors = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(dot);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // dot exited early; its error output says why.
            }
            if (!process.WaitForExit(timeout ?? DefaultTimeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new GraphvizException($"Graphviz 'dot' did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} seconds.", notInstalled: false);
            }
            copy.Wait();
            var message = errors.Result.Trim();
            if (process.ExitCode != 0)
            {
                var first = message.Split('\n')[0];
                throw new GraphvizException($"Graphviz 'dot' failed (exit code {process.ExitCode}): {Printable.Escape(first)}", notInstalled: false);
            }
            return output.ToArray();
        }
    }
}
