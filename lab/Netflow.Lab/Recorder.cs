using System.Collections.Concurrent;
using System.Text.Json;

namespace Netflow.Lab;

/// <summary>One thing the kernel did with a probe or its reply in one namespace, with the (inner) TTL it had there.</summary>
public readonly record struct KernelEvent(int Device, string Hook, int Ttl)
{
    /// <summary>At one TTL, a sender's transmit comes before the hosts' VXLAN steps, and those before the receiver's.</summary>
    public int Rank => Hook switch { "tx" => 0, "ve" => 1, "vr" => 2, "vd" => 3, "rx" => 4, _ => 5 };

    public bool IsReply => Ttl > Probe.ProbeTtl;
}

/// <summary>Reads (and empties) the recorder sets of every device namespace: what the kernel did with one probe.</summary>
public sealed class Recorder(Lab lab)
{
    private static readonly string Flush = string.Join('\n', LabBuilder.RecorderSets.Select(s => $"flush set ip {LabBuilder.RecorderTable} {s}"));

    public void Clear() => Parallel.ForEach(lab.Plan.Instances, new ParallelOptions { MaxDegreeOfParallelism = 4 },
        entry => HostCommands.Check(lab.Host.Nft(entry.Key, Flush)));

    /// <summary>Every event since the last read, the destinations seen after DNAT and the sources delivered, per device; then empties the sets.</summary>
    public (List<KernelEvent> Events, Dictionary<int, List<string>> Destinations, Dictionary<int, List<string>> Sources) Read()
    {
        var events = new ConcurrentBag<KernelEvent>();
        var destinations = new ConcurrentDictionary<int, List<string>>();
        var sources = new ConcurrentDictionary<int, List<string>>();
        Parallel.ForEach(lab.Plan.Instances, new ParallelOptions { MaxDegreeOfParallelism = 4 }, entry =>
        {
            var (ns, device) = entry;
            var listing = lab.Host.NftJson(ns, "list", "table", "ip", LabBuilder.RecorderTable);
            HostCommands.Check(listing);
            using var document = JsonDocument.Parse(listing.Output);
            var seen = false;
            foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
            {
                if (!item.TryGetProperty("set", out var set) || !set.TryGetProperty("elem", out var elements)) continue;
                seen = true;
                var name = set.GetProperty("name").GetString()!;
                foreach (var element in elements.EnumerateArray())
                {
                    var value = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("elem", out var inner) ? inner.GetProperty("val") : element;
                    if (name == "seen_dst") destinations.GetOrAdd(device, _ => []).Add(value.GetString() ?? "");
                    else if (name == "seen_src") sources.GetOrAdd(device, _ => []).Add(value.GetString() ?? "");
                    else if (value.ValueKind == JsonValueKind.Number) events.Add(new KernelEvent(device, name, value.GetInt32()));
                }
            }
            // Most namespaces saw nothing of a flow: only those that did are emptied (one nft run fewer for each other).
            if (seen) HostCommands.Check(lab.Host.Nft(ns, Flush));
        });
        return ([.. events], new Dictionary<int, List<string>>(destinations), new Dictionary<int, List<string>>(sources));
    }

    /// <summary>The devices in the order the packet visited them: by TTL, highest first, then by the order of hooks.</summary>
    public static List<int> Path(IEnumerable<KernelEvent> events)
    {
        var path = new List<int>();
        foreach (var e in events.Where(e => e.Hook != "dl").OrderByDescending(e => e.Ttl).ThenBy(e => e.Rank))
        {
            if (path.Count == 0 || path[^1] != e.Device) path.Add(e.Device);
        }
        return path;
    }
}
