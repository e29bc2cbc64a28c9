using Netflow.Language;
using Netflow.Language.Addressing;
using Netflow.Language.Diagnostics;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using R = Netflow.Runtime.Image;

namespace Netflow.Compiler.Lowering;

/// <summary>
/// NF2020: destination NAT rules that chain at one device (A to B, B to C, or back to A), while the engine applies
/// at most <see cref="ForwardingEngine.MaxChainedDestinationNats"/> (one) per connection and device. Run on the rules as the devices that apply them hold
/// them (<see cref="LoweringRules.DestinationRules"/>), the rows the image is built from; each chain is reported once,
/// at the line of its first rule.
/// </summary>
internal static class DestinationNatChecks
{
    public static IReadOnlyList<Diagnostic> Check(Compilation compilation)
    {
        var bag = new DiagnosticBag();
        var reported = new HashSet<SourceLocation>();
        var translations = new LoweringRules(compilation.Topology).DestinationRules().Where(r => r.Kind != R.DestinationNatKind.Proxy && r.Targets.Count > 0);
        foreach (var rules in translations.GroupBy(r => r.Installer).Select(g => g.ToList()))
        {
            // Chains from the rules no other rule leads to first, so a long chain is reported at its start; then from
            // every rule, since a cycle has no rule outside it that leads into it.
            var led = rules.Select(r => Next(r, rules)).ToHashSet();
            foreach (var start in rules.Where(r => !led.Contains(r)).Concat(rules)) Follow(start, rules, bag, reported);
        }
        return bag.ToList();
    }

    /// <summary>
    /// Follows the chain from a rule (each rule's first target) until no rule matches or it comes back to a rule of the
    /// chain, and reports it when a second rule matches at all, unless a rule of it was reported already.
    /// </summary>
    private static void Follow(DestinationRule start, List<DestinationRule> rules, DiagnosticBag bag, HashSet<SourceLocation> reported)
    {
        var chain = new List<DestinationRule> { start };
        var destinations = new List<(IpAddress, int?)> { (start.Address, Port(start.Port)), Translated(start) };
        var cycle = false;
        for (var rule = start; Next(rule, rules) is { } next; rule = next)
        {
            if (cycle = chain.Contains(next)) break;
            chain.Add(next);
            destinations.Add(Translated(next));
        }
        if ((chain.Count == 1 && !cycle) || chain.Any(r => reported.Contains(r.Location))) return;
        reported.UnionWith(chain.Select(r => r.Location));
        bag.ReportDestinationNatCycle(start.Location, start.Installer, destinations, cycle);
    }

    /// <summary>Where a rule sends a connection (its first target; a target without a port keeps the matched one).</summary>
    private static (IpAddress, int?) Translated(DestinationRule rule)
    {
        var (address, port, _) = rule.Targets[0];
        return (IpAddress.V4(address), Port(port >= 0 ? port : rule.Port));
    }

    /// <summary>The rule of the same device that matches what <paramref name="rule"/> translates to, or null.</summary>
    private static DestinationRule? Next(DestinationRule rule, List<DestinationRule> rules)
    {
        var (address, port, _) = rule.Targets[0];
        var effective = port >= 0 ? port : rule.Port;
        return rules.FirstOrDefault(r => Matches(r, address, effective, rule.Protocol));
    }

    private static int? Port(int port) => port >= 0 ? port : null;

    /// <summary>The engine's match: the address, the port unless the rule takes any, the protocol unless either is any.</summary>
    private static bool Matches(DestinationRule rule, uint address, int port, R.Protocol protocol) =>
        rule.Targets.Count > 0 && rule.Address.ToV4() == address && (rule.Port < 0 || rule.Port == port)
        && (rule.Protocol == R.Protocol.Any || protocol == R.Protocol.Any || rule.Protocol == protocol);
}
