// Built with <NetflowAnalyzerMaxFileLength>100</NetflowAnalyzerMaxFileLength> (see properties), so that this small
// network stands for a huge one: the build checks none of it and says so once.
public static class Program
{
    public static void Main()
    {
    }
}
