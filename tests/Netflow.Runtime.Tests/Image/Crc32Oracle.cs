namespace Netflow.Runtime.Tests.Image;

/// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320) bit by bit, independent of the runtime's table-driven one.</summary>
internal static class Crc32Oracle
{
    public static uint Compute(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
