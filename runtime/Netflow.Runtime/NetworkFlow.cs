using Netflow.Runtime.Engine;

namespace Netflow.Runtime;

/// <summary>A declared flow of a <see cref="CompiledNetwork"/>, and the method that runs it.</summary>
public sealed class NetworkFlow
{
    internal NetworkFlow(CompiledNetwork network, int row)
    {
        Network = network;
        Row = row;
    }

    public CompiledNetwork Network { get; }

    /// <summary>The flow's row of the image's flow table.</summary>
    public int Row { get; }

    /// <summary>The qualified name (<c>iks-web-to-db</c>).</summary>
    public string Name => Network.Image.String(Network.Image.Flows.Name[Row]);

    public string Title => Network.Image.String(Network.Image.Flows.Title[Row]);

    /// <summary>
    /// Executes the flow's packet and its reply on the engine and checks the flow's expectations, as 'netflow flows'
    /// does: the trace (<see cref="FlowResult.Forward"/>, <see cref="FlowResult.Reply"/>), its disposition, and what did
    /// not hold.
    /// </summary>
    public FlowResult Run() => Network.Run(Row);

    public override string ToString() => Name;
}
