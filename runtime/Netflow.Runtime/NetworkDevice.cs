using Netflow.Runtime.Image;

namespace Netflow.Runtime;

/// <summary>A device of a <see cref="CompiledNetwork"/>: its row in the image, with its names and kind.</summary>
public sealed class NetworkDevice
{
    internal NetworkDevice(CompiledNetwork network, int row)
    {
        Network = network;
        Row = row;
    }

    public CompiledNetwork Network { get; }

    /// <summary>The device's row of the image's device table.</summary>
    public int Row { get; }

    /// <summary>The qualified name (<c>ibm-cloud.bcr</c>).</summary>
    public string Name => Network.Image.String(Network.Image.Devices.Name[Row]);

    public string Description => Network.Image.String(Network.Image.Devices.Description[Row]);

    public DeviceKind Kind => Network.Image.Devices.Kind[Row];

    public override string ToString() => Name;
}
