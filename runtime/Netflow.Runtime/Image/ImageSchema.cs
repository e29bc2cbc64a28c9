using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Netflow.Runtime.Image;

// The schema of the table image is the table classes, generated from ImageTables.xml: each class is one section
// (ImageTableAttribute), each array property one column, in declaration order, and its attribute says what its values
// refer to. The writer, the reader, the validator, the compiler's row builder and the test against
// docs/table-image.md all loop over ImageSchema.Tables, so a column is declared once, in ImageTables.xml.

/// <summary>A table of the image: its section tag, its name in messages and docs ("device table"), and what a row is called ("device").</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ImageTableAttribute(string tag, string name, string row) : Attribute
{
    public string Tag { get; } = tag;
    public string Name { get; } = name;
    public string Row { get; } = row;
}

/// <summary>What the values of a column are, beyond their type: the one attribute of a column that has a rule.</summary>
[AttributeUsage(AttributeTargets.Property)]
public abstract class ColumnRuleAttribute(ColumnRule rule, Type? table = null) : Attribute
{
    internal virtual ColumnRule Rule => rule;

    /// <summary>The table the values are rows of, or start ranges of.</summary>
    internal Type? Table => table;
}

/// <summary>The values are rows of another table; with <see cref="OrNone"/>, -1 means "none".</summary>
public sealed class RowOfAttribute(Type table) : ColumnRuleAttribute(ColumnRule.Row, table)
{
    public bool OrNone { get; init; }

    internal override ColumnRule Rule => OrNone ? ColumnRule.RowOrNone : ColumnRule.Row;
}

/// <summary>The values are rows of the string table (0 is the empty string).</summary>
public sealed class StringRowAttribute() : ColumnRuleAttribute(ColumnRule.StringRow);

/// <summary>The values are rows of the source map (0 is "no declaration").</summary>
public sealed class SourceRowAttribute() : ColumnRuleAttribute(ColumnRule.SourceRow);

/// <summary>
/// The values are the first rows of ranges of another table; the column <see cref="Count"/> of this table holds their
/// lengths. With <see cref="Owner"/>, every row in a range has this row in the target's column of that name.
/// </summary>
public sealed class RangeOfAttribute(Type table, string count) : ColumnRuleAttribute(ColumnRule.RangeFirst, table)
{
    public string Count { get; } = count;
    public string? Owner { get; init; }
}

/// <summary>The values are prefix lengths, 0 to 32.</summary>
public sealed class PrefixLengthAttribute() : ColumnRuleAttribute(ColumnRule.PrefixLength);

/// <summary>The values are ports, 0 to 65535, or -1 ("any" or "keep").</summary>
public sealed class PortAttribute() : ColumnRuleAttribute(ColumnRule.Port);

/// <summary>The values are at least 0.</summary>
public sealed class NonNegativeAttribute() : ColumnRuleAttribute(ColumnRule.NonNegative);

/// <summary>What the values of a column must be, beyond their type.</summary>
public enum ColumnRule
{
    /// <summary>Any value: a number, or an IPv4 address for a uint32 column.</summary>
    Any,
    StringRow,
    SourceRow,
    Row,
    RowOrNone,
    RangeFirst,
    RangeCount,
    PrefixLength,
    Port,
    NonNegative,
    Boolean,
    Vocabulary,
}

/// <summary>One table of the image: its section and its columns in the order they are written.</summary>
public sealed class TableSchema
{
    private readonly PropertyInfo _property;

    // A trimmed program (the CLI published with Native AOT) keeps every member of this assembly: the CLI roots it
    // (TrimmerRootAssembly in Netflow.Cli.csproj), so the table classes' properties and constructors are all there.
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Netflow.Runtime is rooted where it is trimmed (see above).")]
    internal TableSchema(PropertyInfo property)
    {
        _property = property;
        Type = property.PropertyType;
        (Tag, Name, Row) = Type.GetCustomAttribute<ImageTableAttribute>() is { } table ? (table.Tag, table.Name, table.Row)
            : throw new InvalidOperationException($"{Type.Name} has no [ImageTable].");
        var properties = Type.GetProperties().Where(p => p.PropertyType.IsArray).InDeclarationOrder().ToList();
        var counts = properties.Select(p => p.GetCustomAttribute<RangeOfAttribute>()?.Count).ToHashSet();
        Columns = [.. properties.Select(p => new ColumnSchema(this, p, countsRanges: counts.Contains(p.Name)))];
    }

    public Type Type { get; }

    public string Tag { get; }

    /// <summary>The table's name in messages and docs: "device table".</summary>
    public string Name { get; }

    /// <summary>What one row is called in messages and in the references to it: "device", "source NAT rule".</summary>
    public string Row { get; }

    public IReadOnlyList<ColumnSchema> Columns { get; }

    public object Get(NetworkImage image) => _property.GetValue(image)!;

    internal void Set(NetworkImage image, object table) => _property.SetValue(image, table);

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Netflow.Runtime is rooted where it is trimmed (see the constructor).")]
    internal object Create() => Activator.CreateInstance(Type)!;

    public ColumnSchema Column(string name) =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"{Type.Name} has no column {name}.");

    /// <summary>The row count of the table of <paramref name="image"/> (the length of its first column).</summary>
    public int Count(NetworkImage image) => Columns[0].Get(Get(image)).Length;
}

/// <summary>One column: its name, value type and rule, and its values as bytes (1 or 4 each).</summary>
public sealed class ColumnSchema
{
    private readonly PropertyInfo _property;
    private readonly Type? _target;

    internal ColumnSchema(TableSchema table, PropertyInfo property, bool countsRanges)
    {
        (_property, Table, Name) = (property, table, property.Name);
        ValueType = property.PropertyType.GetElementType()!;
        var rule = property.GetCustomAttribute<ColumnRuleAttribute>();
        var range = rule as RangeOfAttribute;
        (_target, CountName, OwnerName) = (rule?.Table, range?.Count, range?.Owner);
        Rule = rule?.Rule ?? (countsRanges ? ColumnRule.RangeCount : ValueType == typeof(bool) ? ColumnRule.Boolean
            : ValueType.IsEnum ? ColumnRule.Vocabulary : ColumnRule.Any);
        if (ValueType.IsEnum)
        {
            Members = new bool[256]; // every vocabulary is a byte enum: which byte values are its members
            foreach (byte value in Enum.GetValuesAsUnderlyingType(ValueType)) Members[value] = true;
        }

        ValueSize = (ValueType.IsEnum ? Enum.GetUnderlyingType(ValueType) : ValueType) switch
        {
            var t when t == typeof(byte) || t == typeof(bool) => 1,
            var t when t == typeof(int) || t == typeof(uint) => 4,
            _ => throw new InvalidOperationException($"Column {Name} of {table.Type.Name}: values must be 1 or 4 bytes."),
        };
    }

    public TableSchema Table { get; }

    public string Name { get; }

    public Type ValueType { get; }

    public ColumnRule Rule { get; }

    /// <summary>For the first column of a range: the column with the ranges' lengths.</summary>
    public string? CountName { get; }

    /// <summary>For the first column of a range: the target's column that must name the row that has the range.</summary>
    public string? OwnerName { get; }

    public int ValueSize { get; }

    internal bool[]? Members { get; }

    /// <summary>The table this column refers into (rows or ranges), once all schemas exist.</summary>
    public TableSchema TargetTable => ImageSchema.Of(_target!);

    public Array Get(object table) => (Array)_property.GetValue(table)!;

    internal void Set(object table, Array values) => _property.SetValue(table, values);

    // The values are read and written as bytes through the array's data, without a generic instantiation per value
    // type (which Native AOT cannot make at run time).

    /// <summary>The values' bytes as they are in memory, one value after the other.</summary>
    internal ReadOnlySpan<byte> Bytes(Array values) =>
        MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(values), values.Length * ValueSize);

    /// <summary>A new array of the values whose bytes, in memory order, are <paramref name="bytes"/>.</summary>
    internal Array FromBytes(ReadOnlySpan<byte> bytes)
    {
        var values = NewArray(ValueType, bytes.Length / ValueSize);
        bytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(values), bytes.Length));
        return values;
    }

    /// <summary>The values' bytes in the image's order, little-endian: <see cref="Bytes"/>, swapped on a big-endian machine.</summary>
    internal ReadOnlySpan<byte> LittleEndian(Array values) => ValueSize == 1 || BitConverter.IsLittleEndian ? Bytes(values) : Swap(Bytes(values).ToArray());

    /// <summary>A new array of the values whose little-endian bytes are <paramref name="bytes"/>.</summary>
    internal Array FromLittleEndian(ReadOnlySpan<byte> bytes) =>
        ValueSize == 1 || BitConverter.IsLittleEndian ? FromBytes(bytes) : FromBytes(Swap(bytes.ToArray()));

    private static byte[] Swap(byte[] bytes)
    {
        var words = MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
        BinaryPrimitives.ReverseEndianness(words, words);
        return bytes;
    }

    /// <summary>docs/table-image.md's name of the column's type: "int32, device ref or -1", "byte, 0–32", "RouteAction".</summary>
    public string DocumentedType
    {
        get
        {
            string type = ValueType == typeof(int) ? "int32" : ValueType == typeof(uint) ? "uint32, IPv4" : ValueType == typeof(byte) ? "byte"
                : ValueType == typeof(bool) ? "boolean" : ValueType.Name;
            return type + Rule switch
            {
                ColumnRule.StringRow => ", string ref",
                ColumnRule.SourceRow => ", source ref",
                ColumnRule.Row => $", {TargetTable.Row} ref",
                ColumnRule.RowOrNone => $", {TargetTable.Row} ref or -1",
                ColumnRule.RangeCount or ColumnRule.NonNegative => ", ≥ 0",
                ColumnRule.PrefixLength => ", 0–32",
                ColumnRule.Port => ", −1–65535",
                _ => "",
            };
        }
    }

    /// <summary>A new array of a column's value type.</summary>
    // Native AOT can make an array of a value type only if the program has that array type: every column's value type
    // is the element type of its T[] property, which the engine and the compiler use, so it has.
    [UnconditionalSuppressMessage("AotAnalysis", "IL3050", Justification = "The array type is a column property's type (see above).")]
    internal static Array NewArray(Type valueType, int length) => Array.CreateInstance(valueType, length);
}

/// <summary>The tables of the image in the order they are written: the table properties of <see cref="NetworkImage"/>.</summary>
public static class ImageSchema
{
    public static IReadOnlyList<TableSchema> Tables { get; } =
        [.. typeof(NetworkImage).GetProperties().Where(p => p.PropertyType.IsDefined(typeof(ImageTableAttribute))).InDeclarationOrder()
            .Select(p => new TableSchema(p))];

    public static TableSchema Of(Type table) =>
        Tables.FirstOrDefault(t => t.Type == table) ?? throw new InvalidOperationException($"{table.Name} is not a table of the image.");

    /// <summary>
    /// Properties in the order they are declared: by metadata token, as reflection's own order may change once its
    /// cache is filled piecemeal. Native AOT has no metadata tokens; its reflection lists members in declaration order.
    /// </summary>
    internal static IEnumerable<PropertyInfo> InDeclarationOrder(this IEnumerable<PropertyInfo> properties) =>
        RuntimeFeature.IsDynamicCodeSupported ? properties.OrderBy(p => p.MetadataToken) : properties;
}
