using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Netflow.Runtime.Image;

/// <summary>What the values of a column must be, beyond their type.</summary>
public enum ColumnRule
{
    /// <summary>Any value: a number, or an IPv4 address for a uint32 column.</summary>
    Any,

    /// <summary>Rows of the string table (0 is the empty string), or of the source map (0 is "no declaration").</summary>
    StringRow,
    SourceRow,

    /// <summary>Rows of <see cref="ColumnSchema.TargetTable"/>, or those and -1 ("none").</summary>
    Row,
    RowOrNone,

    /// <summary>The first rows of ranges of the target table, and (in the column <see cref="ColumnSchema.CountName"/>) their lengths.</summary>
    RangeFirst,
    RangeCount,

    /// <summary>0 to 32; a port (0 to 65535) or -1 ("any" or "keep"); at least 0; 0 or 1; a member of the value's enum.</summary>
    PrefixLength,
    Port,
    NonNegative,
    Boolean,
    Vocabulary,
}

/// <summary>One table of the image: its section and its columns in the order they are written.</summary>
public abstract class TableSchema
{
    private protected TableSchema(Type type, string tag, string name, string row, ColumnSchema[] columns)
    {
        (Type, Tag, Name, Row, Columns) = (type, tag, name, row, columns);
        foreach (var column in columns) column.Table = this;
    }

    public Type Type { get; }

    public string Tag { get; }

    /// <summary>The table's name in messages and docs: "device table".</summary>
    public string Name { get; }

    /// <summary>What one row is called in messages and in the references to it: "device", "source NAT rule".</summary>
    public string Row { get; }

    public IReadOnlyList<ColumnSchema> Columns { get; }

    public abstract object Get(NetworkImage image);

    internal abstract void Set(NetworkImage image, object table);

    internal abstract object Create();

    public ColumnSchema Column(string name) =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"{Type.Name} has no column {name}.");

    /// <summary>The row count of the table of <paramref name="image"/> (the length of its first column).</summary>
    public int Count(NetworkImage image) => Columns[0].Get(Get(image)).Length;
}

/// <summary>The table <typeparamref name="TTable"/>, which <paramref name="get"/> and <paramref name="set"/> find in an image.</summary>
public sealed class TableSchema<TTable>(
    string tag, string name, string row, Func<NetworkImage, TTable> get, Action<NetworkImage, TTable> set, ColumnSchema[] columns)
    : TableSchema(typeof(TTable), tag, name, row, columns)
    where TTable : class, new()
{
    public override object Get(NetworkImage image) => get(image);

    internal override void Set(NetworkImage image, object table) => set(image, (TTable)table);

    internal override object Create() => new TTable();
}

/// <summary>One column: its name, value type and rule, and its values as bytes (1 or 4 each).</summary>
public abstract class ColumnSchema(string name, ColumnRule rule, Type valueType, int valueSize)
{
    public TableSchema Table { get; internal set; } = null!;

    public string Name { get; } = name;

    public Type ValueType { get; } = valueType;

    public ColumnRule Rule { get; } = rule;

    /// <summary>The table the values are rows of, or the first rows of ranges of.</summary>
    public Type? Target { get; init; }

    /// <summary>For the first column of a range: the column with the ranges' lengths.</summary>
    public string? CountName { get; init; }

    /// <summary>For the first column of a range: the target's column that must name the row that has the range.</summary>
    public string? OwnerName { get; init; }

    public int ValueSize { get; } = valueSize;

    /// <summary>The table this column refers into (rows or ranges).</summary>
    public TableSchema TargetTable => ImageSchema.Of(Target!);

    public abstract Array Get(object table);

    internal abstract void Set(object table, Array values);

    /// <summary>The values' bytes as the image holds them: little-endian, one value after the other.</summary>
    internal abstract ReadOnlySpan<byte> Bytes(Array values);

    /// <summary>A new array of the values whose bytes, as the image holds them, are <paramref name="bytes"/>.</summary>
    internal abstract Array FromBytes(ReadOnlySpan<byte> bytes);

    /// <summary>Values in memory order made little-endian, or back: on a big-endian machine, each 4-byte value reversed.</summary>
    private protected ReadOnlySpan<byte> LittleEndian(ReadOnlySpan<byte> bytes)
    {
        if (ValueSize == 1 || BitConverter.IsLittleEndian) return bytes;
        var words = MemoryMarshal.Cast<byte, int>(bytes).ToArray();
        BinaryPrimitives.ReverseEndianness(words, words);
        return MemoryMarshal.AsBytes(words.AsSpan());
    }
}

/// <summary>The column of <typeparamref name="TTable"/> that <paramref name="get"/> and <paramref name="set"/> reach.</summary>
public sealed class ColumnSchema<TTable, TValue>(string name, ColumnRule rule, Func<TTable, TValue[]> get, Action<TTable, TValue[]> set)
    : ColumnSchema(name, rule, typeof(TValue), Unsafe.SizeOf<TValue>())
    where TValue : unmanaged
{
    public override Array Get(object table) => get((TTable)table);

    internal override void Set(object table, Array values) => set((TTable)table, (TValue[])values);

    internal override ReadOnlySpan<byte> Bytes(Array values) => LittleEndian(MemoryMarshal.AsBytes(((TValue[])values).AsSpan()));

    internal override Array FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, TValue>(LittleEndian(bytes)).ToArray();
}

/// <summary>
/// The tables of the image in the order they are written and the fixed parts of the format around them
/// (docs/table-image.md). The tables are declared once, in ImageTables.xml: Netflow.Runtime.Generators turns it into the
/// table classes and <c>Tables</c> with typed accessors, so nothing reflects over a type (Native AOT needs no hints), and
/// the writer, reader, validator, builder and the test against the docs all loop over <c>Tables</c>.
/// </summary>
public static partial class ImageSchema
{
    public static TableSchema Of(Type table) =>
        Tables.FirstOrDefault(t => t.Type == table) ?? throw new InvalidOperationException($"{table.Name} is not a table of the image.");

    /// <summary>"NETFLOW" and 0x1A (Ctrl-Z, which stops a text-mode type of the file on DOS and Windows).</summary>
    internal static ReadOnlySpan<byte> Magic => "NETFLOW\u001A"u8;

    /// <summary>Magic (8), format version (int32), image length in bytes including the checksum (int64); the CRC-32 last.</summary>
    internal const int MagicLength = 8, HeaderLength = MagicLength + 4 + 8, ChecksumLength = 4;

    /// <summary>The largest port a port column may hold (-1 is "any" or "keep").</summary>
    internal const int MaxPort = 65_535;

    /// <summary>The string table, written first with its one column; the other sections are <see cref="Tables"/>.</summary>
    internal const string StringsTag = "STRS", StringsName = "string table";
}
