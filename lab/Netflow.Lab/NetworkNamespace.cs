using System.Runtime.InteropServices;

namespace Netflow.Lab;

/// <summary>
/// Creates sockets inside a lab namespace from this process: a network namespace belongs to a thread, so a short-lived
/// thread enters the namespace (setns), creates the socket, and ends; the socket stays in that namespace for its
/// lifetime, and every other thread of the process stays where it was.
/// </summary>
internal static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    public static T Run<T>(LabName lab, string netns, Func<T> action)
    {
        if (!lab.Owns(netns)) throw new InvalidOperationException($"refusing to enter namespace '{netns}': it is not one of lab {lab}'s");
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var target = File.OpenHandle(Path.Combine("/run/netns", netns));
                if (setns((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new LabException($"cannot enter namespace {netns} (errno {Marshal.GetLastPInvokeError()})");
                }
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = "netflow-lab-setns" };
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(10))) throw new LabException($"entering namespace {netns} did not finish in 10s");
        if (failure is not null) throw failure is LabException ? failure : new LabException($"in namespace {netns}: {failure.Message}");
        return result!;
    }
}
