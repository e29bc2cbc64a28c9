using Netflow.Language.Addressing;
using Netflow.Language.Binding;

namespace Netflow.Language.Routing;

/// <summary>
/// A path a speaker was offered and dropped because its AS path already holds the speaker's own AS (eBGP loop
/// prevention, as every implementation does without allowas-in), for a prefix it has no BGP path for: why a route the
/// design may expect was never learned. <see cref="Path"/> is the path as offered (nearest AS first);
/// <see cref="Origin"/> the advertisement it came from.
/// </summary>
public sealed record RefusedBgpRoute(DeviceSymbol Device, IpPrefix Prefix, DeviceSymbol From, IReadOnlyList<long> Path, AddressMatch Origin);
