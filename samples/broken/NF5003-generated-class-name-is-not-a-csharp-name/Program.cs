// Built with <NetflowNetworkClass>Consumer.class</NetflowNetworkClass> (see properties): 'class' is a keyword.
public static class Program
{
    public static void Main()
    {
    }
}
