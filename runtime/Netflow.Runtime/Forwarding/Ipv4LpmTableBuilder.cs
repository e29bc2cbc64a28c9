namespace Netflow.Runtime.Forwarding;

/// <summary>
/// Collects routes in any order and builds an immutable <see cref="Ipv4LpmTable"/>. A route added with the same prefix
/// and length as an earlier one replaces it. The builder can go on being used after <see cref="Build"/>.
/// </summary>
public sealed class Ipv4LpmTableBuilder
{
    private readonly Dictionary<(uint FirstAddress, int Length), int> _valueByPrefix = [];

    /// <summary>The number of distinct routes added so far.</summary>
    public int Count => _valueByPrefix.Count;

    /// <summary>Adds the route <paramref name="prefix"/>/<paramref name="length"/> to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="length"/> is not 0 to 32, or <paramref name="value"/> is negative (-1 would read as no route).
    /// </exception>
    public Ipv4LpmTableBuilder Add(uint prefix, int length, int value) => Add(new Ipv4Route(prefix, length, value));

    /// <inheritdoc cref="Add(uint, int, int)"/>
    public Ipv4LpmTableBuilder Add(Ipv4Route route)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(route.Value, nameof(route.Value));
        _valueByPrefix[(route.FirstAddress, route.Length)] = route.Value; // FirstAddress validates the length
        return this;
    }

    /// <summary>Adds routes in order, so a later duplicate replaces an earlier one.</summary>
    public Ipv4LpmTableBuilder AddRange(IEnumerable<Ipv4Route> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        foreach (var route in routes)
            Add(route);
        return this;
    }

    public Ipv4LpmTable Build()
    {
        var (routeCount, ranges) = Resolve();
        return new Ipv4LpmTable(routeCount, ranges.Starts, ranges.Values);
    }

    /// <summary>Builds the same table laid out as a <see cref="Ipv4Poptrie"/>.</summary>
    public Ipv4Poptrie BuildPoptrie()
    {
        var (routeCount, ranges) = Resolve();
        return PoptrieBuilder.Build(routeCount, ranges.Starts, ranges.Values);
    }

    /// <summary>The distinct routes' count and the address ranges they resolve to.</summary>
    private (int RouteCount, AddressRanges Ranges) Resolve()
    {
        var routes = new Ipv4Route[_valueByPrefix.Count];
        int i = 0;
        foreach (var ((firstAddress, length), value) in _valueByPrefix)
            routes[i++] = new Ipv4Route(firstAddress, length, value);

        // By first address, then shorter first: an enclosing route precedes the routes nested in it.
        Array.Sort(routes, static (a, b) => a.Prefix != b.Prefix ? a.Prefix.CompareTo(b.Prefix) : a.Length.CompareTo(b.Length));

        return (routes.Length, AddressRanges.Sweep(routes));
    }
}
