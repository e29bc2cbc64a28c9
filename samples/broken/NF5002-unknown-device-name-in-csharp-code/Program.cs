// A device is named by its qualified name: the site, a dot, the device.
using Netflow.Runtime;

public static class Program
{
    public static void Main()
    {
        NetworkDevice desk = Consumer.Network.Compiled.Device("desk");
        System.Console.WriteLine(desk.Kind);
    }
}
