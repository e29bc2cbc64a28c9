using System.Globalization;

namespace Netflow.Language.Addressing;

/// <summary>An IP address as a number with its family; 128 bits of room so that IPv6 fits without a new type.</summary>
public readonly record struct IpAddress(IpFamily Family, UInt128 Value) : IComparable<IpAddress>
{
    public int BitLength => Family == IpFamily.V4 ? 32 : 128;

    public static IpAddress V4(uint value) => new(IpFamily.V4, value);

    public uint ToV4() => (uint)Value;

    public int CompareTo(IpAddress other) =>
        Family != other.Family ? Family.CompareTo(other.Family) : Value.CompareTo(other.Value);

    /// <summary>Parses dotted-quad IPv4 text; on failure says what is wrong in words a user can act on.</summary>
    public static bool TryParseV4(ReadOnlySpan<char> text, out IpAddress address, out string error)
    {
        address = default;
        uint value = 0;
        var octets = 0;
        var rest = text;
        while (true)
        {
            var dot = rest.IndexOf('.');
            var part = dot < 0 ? rest : rest[..dot];
            octets++;
            if (octets > 4)
            {
                error = "an IPv4 address has exactly four octets";
                return false;
            }
            if (part.IsEmpty || part.Length > 3 || !IsDigits(part))
            {
                error = part.IsEmpty ? "an octet is missing" : $"'{part.ToString()}' is not an octet (0 to 255)";
                return false;
            }
            var octet = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                error = $"the octet {octet} is greater than 255";
                return false;
            }
            value = (value << 8) | (uint)octet;
            if (dot < 0) break;
            rest = rest[(dot + 1)..];
        }
        if (octets != 4)
        {
            error = "an IPv4 address has exactly four octets";
            return false;
        }
        address = V4(value);
        error = "";
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
        }
        return true;
    }

    public override string ToString()
    {
        if (Family == IpFamily.V4)
        {
            var v = ToV4();
            return string.Create(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}");
        }
        return new System.Net.IPAddress(ToBigEndianBytes()).ToString();
    }

    private byte[] ToBigEndianBytes()
    {
        var bytes = new byte[16];
        var v = Value;
        for (var i = 15; i >= 0; i--)
        {
            bytes[i] = (byte)(v & 0xFF);
            v >>= 8;
        }
        return bytes;
    }
}
