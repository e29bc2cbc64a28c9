// The generated API names every flow; a name in a string is checked against the .netflow files too.
using Netflow.Runtime;

public static class Program
{
    public static void Main()
    {
        CompiledNetwork network = Consumer.Network.Compiled;
        network.Run("desk-to-printr");
    }
}
