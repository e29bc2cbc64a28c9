using Netflow.Runtime.Engine;
using Netflow.Runtime.Rendering;
using Netflow.Runtime.Image;

namespace Netflow.Cli;

/// <summary>
/// Which devices can start a packet of their own. A service is kube-proxy's rules, installed on every worker of its
/// cluster, not a machine that sends; a device without an address has nothing to send from.
/// </summary>
internal static class Senders
{
    /// <summary>Why the device cannot be a packet's source, or null when it can.</summary>
    public static string? WhyNot(ForwardingEngine engine, int device) =>
        engine.Image.Devices.Kind[device] == DeviceKind.Service
            ? $"'{engine.DeviceName(device)}' is a service (kube-proxy's rules on every worker of its cluster), which sends no packets of its own"
            : engine.PrimaryAddress(device) == 0 ? $"'{engine.DeviceName(device)}' has no address to send from" : null;

    /// <summary>
    /// Drops the sources that cannot send, with a note naming them; null, or why nothing is left to send from.
    /// </summary>
    public static string? SkipNonSenders(ForwardingEngine engine, ref IReadOnlyList<int> sources, TextWriter stderr)
    {
        var skipped = sources.Where(s => WhyNot(engine, s) is not null).ToList();
        if (skipped.Count == 0) return null;
        sources = sources.Except(skipped).ToList();
        if (sources.Count == 0) return WhyNot(engine, skipped[0]) + "; --from names no device that sends packets.";
        stderr.WriteLine($"netflow: note: --from skips {Printable.Escape(string.Join(", ", skipped.Select(engine.DeviceName)))}: " +
            "services and devices without an address send no packets of their own.");
        return null;
    }
}
