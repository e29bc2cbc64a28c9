using System.Buffers.Binary;

namespace Netflow.Runtime.Image;

/// <summary>
/// CRC-32 as in zlib, PNG and Ethernet (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final xor
/// 0xFFFFFFFF). Detects every single-byte change and every burst of up to 32 bits. Slicing-by-8 (eight 256-entry
/// tables, eight bytes per step), about four times the speed of one table lookup per byte, which matters because the
/// checksum is most of the time it takes to load an image.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Tables = BuildTables();

    public static uint Compute(ReadOnlySpan<byte> bytes)
    {
        uint[] t = Tables;
        uint crc = 0xFFFF_FFFF;
        while (bytes.Length >= 8)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(bytes) ^ crc;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            crc = t[(7 * 256) + (low & 0xFF)] ^ t[(6 * 256) + ((low >> 8) & 0xFF)] ^
                t[(5 * 256) + ((low >> 16) & 0xFF)] ^ t[(4 * 256) + (low >> 24)] ^
                t[(3 * 256) + (high & 0xFF)] ^ t[(2 * 256) + ((high >> 8) & 0xFF)] ^
                t[256 + ((high >> 16) & 0xFF)] ^ t[high >> 24];
            bytes = bytes[8..];
        }

        foreach (byte b in bytes)
        {
            crc = t[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>Table k gives the CRC contribution of a byte followed by k zero bytes.</summary>
    private static uint[] BuildTables()
    {
        var t = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1;
            }

            t[n] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = t[((k - 1) * 256) + n];
                t[(k * 256) + n] = (previous >> 8) ^ t[previous & 0xFF];
            }
        }

        return t;
    }
}
