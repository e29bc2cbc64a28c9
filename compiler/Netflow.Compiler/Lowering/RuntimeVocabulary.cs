using Netflow.Language.Routing;
using L = Netflow.Language.Binding;
using R = Netflow.Runtime.Image;

namespace Netflow.Compiler.Lowering;

/// <summary>
/// The language's vocabularies in the runtime's terms, one mapping per vocabulary. Members map by name, except where
/// the two words differ (the language's <c>l2-tunnel</c> encapsulation is the runtime's L2 tunnel kind), never by their
/// numbers: the runtime's numbers are the image format's (append-only), the language's are free. A member one side has
/// and the other lacks fails RuntimeVocabularyTests rather than turning into another member.
/// </summary>
public static class RuntimeVocabulary
{
    public static R.DeviceKind ToRuntime(this L.DeviceKind kind) => ByName<L.DeviceKind, R.DeviceKind>.Map[kind];

    public static R.SegmentKind ToRuntime(this L.SegmentKind kind) => ByName<L.SegmentKind, R.SegmentKind>.Map[kind];

    public static R.TunnelKind ToRuntime(this L.TunnelKind kind) => ByName<L.TunnelKind, R.TunnelKind>.Map[kind];

    public static R.TunnelMode ToRuntime(this L.TunnelMode mode) => ByName<L.TunnelMode, R.TunnelMode>.Map[mode];

    public static R.Protocol ToRuntime(this L.Protocol protocol) => ByName<L.Protocol, R.Protocol>.Map[protocol];

    public static R.Disposition ToRuntime(this L.Disposition disposition) => ByName<L.Disposition, R.Disposition>.Map[disposition];

    public static R.WaypointKind ToRuntime(this L.WaypointKind kind) => ByName<L.WaypointKind, R.WaypointKind>.Map[kind];

    /// <summary>Where a route came from.</summary>
    public static R.RouteOrigin ToRuntime(this RouteSource source) => ByName<RouteSource, R.RouteOrigin>.Map[source];

    /// <summary>An encapsulation is the kind of tunnel that makes it.</summary>
    public static R.TunnelKind ToRuntime(this L.Encapsulation encapsulation) =>
        encapsulation == L.Encapsulation.L2Tunnel ? R.TunnelKind.L2 : Enum.Parse<R.TunnelKind>(encapsulation.ToString());

    /// <summary>Each member of <typeparamref name="TFrom"/> to the member of <typeparamref name="TTo"/> of the same name.</summary>
    private static class ByName<TFrom, TTo>
        where TFrom : struct, Enum
        where TTo : struct, Enum
    {
        public static readonly IReadOnlyDictionary<TFrom, TTo> Map = Enum.GetValues<TFrom>().ToDictionary(v => v, v => Enum.Parse<TTo>(v.ToString()));
    }
}
