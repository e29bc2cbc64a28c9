using System.Globalization;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Cli;

/// <summary>What a <c>--to</c> names, as written: a name (a device, a service or a host name), an address, or a URL's host; Port is -1 when none is given.</summary>
internal sealed record DestinationText(string Name, uint Address, bool IsAddress, int Port, bool FromUrl);

/// <summary>
/// The one reading of destinations and ports on the command line (trace's <c>--to</c>, reach's <c>--port</c>): anything
/// that is not a name, an IPv4 address, NAME:PORT, ADDRESS:PORT or a URL is refused here, before anything is compiled, so
/// that a typo is a usage error and never a DNS lookup of a name no network could hold.
/// </summary>
internal static class Destinations
{
    public const string Forms = "a device or service name, a host name, an IPv4 address or a URL, optionally with :PORT (such as 10.73.30.10:443)";

    public static bool TryParse(string text, out DestinationText destination, out string error)
    {
        destination = new DestinationText("", 0, IsAddress: false, Port: -1, FromUrl: false);
        error = "";
        // A value pasted with a space around it means the same destination; a space inside it is still refused below.
        text = text.Trim();
        if (IsIPv6(text))
        {
            error = $"'{text}' is an IPv6 address: IPv6 addresses are not supported; netflow models IPv4.";
            return false;
        }
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                // System.Uri refuses a port above 65535 outright; say so rather than that there is no host.
                if (UrlPort(text) is { } written && !TryParsePort(written, out _, out error)) return false;
                error = $"'{text}' is not a URL with a host, such as https://shop.iks.example.com.";
                return false;
            }
            if (uri.Port is < 1 or > 65535)
            {
                error = uri.Port < 0 ? $"'{text}' has a scheme whose port netflow does not know; give the port, such as {uri.Scheme}://{uri.Host}:8443."
                    : $"'{uri.Port}' is not a port: {PortRange}.";
                return false;
            }
            // A URL whose host is an address needs no DNS, as in a flow's 'to'.
            if (uri.HostNameType == UriHostNameType.IPv4)
            {
                if (!TryParseAddress(uri.Host, out var address, out error)) return false;
                destination = new DestinationText(uri.Host, address, IsAddress: true, uri.Port, FromUrl: true);
                return true;
            }
            if (uri.HostNameType != UriHostNameType.Dns || !IsName(Relative(uri.Host)))
            {
                error = $"'{text}' has no host name or IPv4 address; {Forms}.";
                return false;
            }
            destination = new DestinationText(Relative(uri.Host), 0, IsAddress: false, uri.Port, FromUrl: true);
            return true;
        }
        var name = text;
        var port = -1;
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            if (text.IndexOf(':', colon + 1) >= 0)
            {
                error = $"'{text}' has more than one ':'; write NAME:PORT or ADDRESS:PORT, such as 10.73.30.10:443.";
                return false;
            }
            if (!TryParsePort(text.AsSpan(colon + 1), out port, out error)) return false;
            name = text[..colon];
            if (name.Length == 0)
            {
                error = $"'{text}' gives a port but no destination; write NAME:PORT or ADDRESS:PORT, such as 10.73.30.10:443.";
                return false;
            }
        }
        if (name.Contains('/', StringComparison.Ordinal) && name.All(c => char.IsAsciiDigit(c) || c is '.' or '/'))
        {
            error = $"'{name}' is a prefix, not an address; trace one address of it, such as {name[..name.IndexOf('/')]}.";
            return false;
        }
        // Only digits and dots is meant as an address, never as a host name to look up.
        if (name.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            if (!TryParseAddress(name, out var address, out error)) return false;
            destination = new DestinationText(name, address, IsAddress: true, port, FromUrl: false);
            return true;
        }
        name = Relative(name);
        if (!IsName(name))
        {
            error = $"'{text}' is not a destination: {Forms}.";
            return false;
        }
        destination = new DestinationText(name, 0, IsAddress: false, port, FromUrl: false);
        return true;
    }

    /// <summary>
    /// The name's device, or -1 when it names none and is a host name for DNS: one the network's DNS holds, or one with a
    /// dot (a name of the outside world, which the trace shows the source's resolver failing to find). A single word that
    /// names no device and no record, or several devices, is a usage error.
    /// </summary>
    public static bool TryResolveName(ForwardingEngine engine, string name, out int device, out string error)
    {
        error = "";
        var candidates = engine.FindDevices(name);
        device = candidates.Count == 1 ? candidates[0] : -1;
        if (device >= 0 || IsDnsName(engine.Image, name)) return true;
        if (candidates.Count > 1)
        {
            error = $"'{name}' could be {string.Join(" or ", candidates.Select(engine.DeviceName))}; give the qualified name.";
            return false;
        }
        if (name.Contains('.', StringComparison.Ordinal)) return true;
        error = $"no device is called '{name}' and no DNS record of the network names it; give a device's qualified name (ibm-cloud.vcs.db), "
            + "a host name (db.vcs.example.com) or an address.";
        return false;
    }

    private static bool IsDnsName(NetworkImage image, string name)
    {
        for (var r = 0; r < image.Dns.Count; r++)
        {
            if (string.Equals(image.String(image.Dns.Name[r]), name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    public const string PortRange = "a port is a number from 1 to 65535";

    /// <summary>A TCP or UDP destination port: 1 to 65535 (port 0 is reserved: no packet is sent to it).</summary>
    public static bool TryParsePort(ReadOnlySpan<char> text, out int port, out string error)
    {
        error = "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535) return true;
        error = $"'{text}' is not a port: {PortRange}.";
        return false;
    }

    /// <summary>
    /// An absolute name (one trailing dot, shop.iks.example.com.) is the same name to every resolver: it is looked up, and
    /// matched against devices and records, without the dot.
    /// </summary>
    private static string Relative(string name) => name.Length > 1 && name[^1] == '.' && name[^2] != '.' ? name[..^1] : name;

    /// <summary>An IPv6 literal, bare (2001:db8::1), bracketed ([::1]:443) or as a URL's host (https://[::1]:443).</summary>
    private static bool IsIPv6(string text)
    {
        var host = text;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = text[(scheme + 3)..].Split('/', '?', '#')[0];
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            host = close > 0 ? host[1..close] : host[1..];
        }
        return host.Contains(':', StringComparison.Ordinal) && System.Net.IPAddress.TryParse(host, out var address)
            && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    }

    /// <summary>The digits after the last ':' of a URL's authority, or null when it writes no port.</summary>
    private static string? UrlPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/', '?', '#')[0];
        var colon = authority.LastIndexOf(':');
        return colon >= 0 && authority.Length > colon + 1 && authority[(colon + 1)..].All(char.IsAsciiDigit) ? authority[(colon + 1)..] : null;
    }

    /// <summary>Dot-separated labels of letters, digits, '-' and '_' (device names and DNS host names alike).</summary>
    private static bool IsName(string text) =>
        text.Length <= 253 && text.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));

    private static bool TryParseAddress(string text, out uint address, out string error)
    {
        address = 0;
        error = "";
        var octets = text.Split('.');
        if (octets.Length != 4 || !octets.All(o => o.Length is > 0 and <= 3 && int.Parse(o, CultureInfo.InvariantCulture) <= 255))
        {
            error = $"'{text}' is not an IPv4 address: four numbers from 0 to 255, such as 10.73.30.10.";
            return false;
        }
        foreach (var octet in octets) address = address << 8 | uint.Parse(octet, CultureInfo.InvariantCulture);
        return true;
    }
}
