using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Runtime;

/// <summary>
/// A compiled network ready to run: a loaded table image, its devices and flows by name, and the engine that executes
/// them. The C# API that Netflow.Analyzers generates from a project's .netflow files is a typed layer over one of these,
/// loaded from the image embedded in the assembly; a program can also load an image that 'netflow build' wrote.
/// </summary>
public sealed class CompiledNetwork
{
    private readonly Dictionary<string, NetworkDevice> _devicesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NetworkFlow> _flowsByName = new(StringComparer.Ordinal);
    private readonly FlowRunner _runner;

    private CompiledNetwork(NetworkImage image)
    {
        Image = image;
        Engine = new ForwardingEngine(image);
        _runner = new FlowRunner(Engine);
        var devices = new NetworkDevice[image.Devices.Count];
        for (var d = 0; d < devices.Length; d++) _devicesByName[(devices[d] = new NetworkDevice(this, d)).Name] = devices[d];
        var flows = new NetworkFlow[image.Flows.Count];
        for (var f = 0; f < flows.Length; f++) _flowsByName[(flows[f] = new NetworkFlow(this, f)).Name] = flows[f];
        Devices = devices;
        Flows = flows;
    }

    /// <summary>Loads an image from its bytes (docs/table-image.md).</summary>
    /// <exception cref="ImageFormatException">The bytes are not a valid table image of this runtime's format version.</exception>
    public static CompiledNetwork Load(ReadOnlySpan<byte> image, string name = "the embedded image") =>
        new(ImageReader.Read(new MemoryStream(image.ToArray(), writable: false), name));

    /// <summary>Loads an image file written by 'netflow build'.</summary>
    /// <exception cref="ImageFormatException">The file is not a valid table image of this runtime's format version.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static CompiledNetwork LoadFile(string path) => new(ImageReader.ReadFile(path));

    public NetworkImage Image { get; }

    public ForwardingEngine Engine { get; }

    /// <summary>Every device, in the image's row order.</summary>
    public IReadOnlyList<NetworkDevice> Devices { get; }

    /// <summary>Every declared flow, in the image's row order.</summary>
    public IReadOnlyList<NetworkFlow> Flows { get; }

    /// <summary>The device with this qualified name (<c>ibm-cloud.bcr</c>).</summary>
    /// <exception cref="KeyNotFoundException">The network has no device of that name.</exception>
    public NetworkDevice Device([DeviceName] string name) =>
        _devicesByName.TryGetValue(name, out var device) ? device
        : throw new KeyNotFoundException($"The network has no device called '{Printable.Escape(name)}'; give a device's qualified name, such as site.device.");

    /// <summary>The declared flow with this qualified name.</summary>
    /// <exception cref="KeyNotFoundException">The network declares no flow of that name.</exception>
    public NetworkFlow Flow([FlowName] string name) =>
        _flowsByName.TryGetValue(name, out var flow) ? flow
        : throw new KeyNotFoundException($"The network declares no flow called '{Printable.Escape(name)}'.");

    /// <summary>Runs a declared flow by name: <see cref="NetworkFlow.Run"/>.</summary>
    /// <exception cref="KeyNotFoundException">The network declares no flow of that name.</exception>
    public FlowResult Run([FlowName] string flow) => Flow(flow).Run();

    /// <summary>Runs every declared flow, in order.</summary>
    public IReadOnlyList<FlowResult> RunAll() => _runner.RunAll();

    /// <summary>A flow's result as 'netflow flows' prints it: PASS or FAIL, then numbered steps.</summary>
    public string Describe(FlowResult result) => new TraceTextRenderer(Image).Render(result);

    internal FlowResult Run(int flow) => _runner.Run(flow);
}
