using Netflow.Compiler.Lowering;
using L = Netflow.Language.Binding;
using R = Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>Every member of each language vocabulary reaches the runtime as the member it means, not as the one with its number.</summary>
public sealed class RuntimeVocabularyTests
{
    private static void EachMapsByName<TFrom, TTo>(Func<TFrom, TTo> map)
        where TFrom : struct, Enum
        where TTo : struct, Enum
    {
        foreach (var member in Enum.GetValues<TFrom>()) map(member).ToString().ShouldBe(member.ToString(), $"{typeof(TFrom).Name}.{member}");
    }

    [Fact]
    public void Vocabularies_map_member_by_member()
    {
        EachMapsByName<L.DeviceKind, R.DeviceKind>(k => k.ToRuntime());
        EachMapsByName<L.SegmentKind, R.SegmentKind>(k => k.ToRuntime());
        EachMapsByName<L.TunnelKind, R.TunnelKind>(k => k.ToRuntime());
        EachMapsByName<L.TunnelMode, R.TunnelMode>(m => m.ToRuntime());
        EachMapsByName<L.Protocol, R.Protocol>(p => p.ToRuntime());
        EachMapsByName<L.Disposition, R.Disposition>(d => d.ToRuntime());
        EachMapsByName<L.WaypointKind, R.WaypointKind>(k => k.ToRuntime());
        EachMapsByName<Netflow.Language.Routing.RouteSource, R.RouteOrigin>(s => s.ToRuntime());
    }

    [Fact]
    public void An_encapsulation_is_the_kind_of_tunnel_that_makes_it()
    {
        Enum.GetValues<L.Encapsulation>().Select(e => e.ToRuntime()).ShouldBe([R.TunnelKind.Vxlan, R.TunnelKind.IpInIp, R.TunnelKind.Ipsec, R.TunnelKind.L2]);
    }
}
