using System.Runtime.InteropServices;

namespace Netflow.Runtime.Image;

/// <summary>What a path names, following symbolic links.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,

    /// <summary>A device, FIFO or socket: opening or reading it may block or never end.</summary>
    Other,
}

/// <summary>
/// Tells a regular file from a FIFO or device without opening it (opening a FIFO blocks until a writer comes). .NET
/// has no public API for the file type on Unix, so this asks the runtime's own native layer (libSystem.Native, which
/// ships with every .NET on Unix and normalises the mode bits across platforms); on Windows the attributes say it.
/// </summary>
public static class FileKinds
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;

    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            if (Directory.Exists(path)) return FileKind.Directory;
            if (!File.Exists(path)) return FileKind.Missing;
            return (File.GetAttributes(path) & FileAttributes.Device) != 0 ? FileKind.Other : FileKind.Regular;
        }

        // FileStatus of libSystem.Native: int Flags, int Mode, then fields this does not read; the buffer is larger than the struct.
        var status = new byte[256];
        int result;
        try
        {
            result = NativeMethods.Stat(path, status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            result = -1; // A runtime without it: tell folders and files apart at least.
        }

        if (result != 0)
        {
            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }

        return (BitConverter.ToInt32(status, 4) & TypeMask) switch
        {
            RegularType => FileKind.Regular,
            DirectoryType => FileKind.Directory,
            _ => FileKind.Other,
        };
    }

    private static class NativeMethods
    {
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
    }
}
