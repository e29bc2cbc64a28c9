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

/// <summary>The values are rows of another table; with <see cref="OrNone"/>, -1 means "none".</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RowOfAttribute(Type table) : Attribute
{
    public Type Table { get; } = table;
    public bool OrNone { get; init; }
}

/// <summary>The values are rows of the string table (0 is the empty string).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StringRowAttribute : Attribute;

/// <summary>The values are rows of the source map (0 is "no declaration").</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SourceRowAttribute : Attribute;

/// <summary>
/// The values are the first rows of ranges of another table; the column <see cref="Count"/> of this table holds their
/// lengths. With <see cref="Owner"/>, every row in a range has this row in the target's column of that name.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeOfAttribute(Type table, string count) : Attribute
{
    public Type Table { get; } = table;
    public string Count { get; } = count;
    public string? Owner { get; init; }
}

/// <summary>The values are prefix lengths, 0 to 32.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PrefixLengthAttribute : Attribute;

/// <summary>The values are ports, 0 to 65535, or -1 ("any" or "keep").</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PortAttribute : Attribute;

/// <summary>The values are at least 0.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NonNegativeAttribute : Attribute;

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
        var table = Type.GetCustomAttribute<ImageTableAttribute>()
            ?? throw new InvalidOperationException($"{Type.Name} has no [ImageTable].");
        Row = table.Row;
        Columns = [.. Type.GetProperties().Where(p => p.PropertyType.IsArray).InDeclarationOrder().Select(p => new ColumnSchema(this, p))];
        Section = new ImageLayout.Section(table.Tag, table.Name, Columns.Count);
    }

    public Type Type { get; }

    internal ImageLayout.Section Section { get; }

    public string Tag => Section.TagText;

    /// <summary>The table's name in messages and docs: "device table".</summary>
    public string Name => Section.Name;

    /// <summary>What one row is called in messages: "device", "source NAT rule".</summary>
    public string Row { get; }

    /// <summary>What a reference to this table's rows calls them: "device", "source map" (the name without "table").</summary>
    public string Target => Name.EndsWith(" table", StringComparison.Ordinal) ? Name[..^" table".Length] : Name;

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

/// <summary>One column: its name, value type and rule, and its values as bytes (1 or 4 each, little-endian).</summary>
public sealed class ColumnSchema
{
    private readonly PropertyInfo _property;
    private readonly Codec _codec;
    private readonly Type? _target;

    internal ColumnSchema(TableSchema table, PropertyInfo property)
    {
        _property = property;
        Table = table;
        Name = property.Name;
        ValueType = property.PropertyType.GetElementType()!;
        _codec = new Codec(ValueType);
        (Rule, _target, CountName, OwnerName) = Classify(property, ValueType);
        if (ValueType.IsEnum)
        {
            Members = new bool[256];
            foreach (var value in Enum.GetValuesAsUnderlyingType(ValueType))
            {
                Members[(byte)value] = true;
            }
        }

        if (ValueSize is not (1 or 4))
        {
            throw new InvalidOperationException($"Column {Name} of {table.Type.Name}: values must be 1 or 4 bytes.");
        }
    }

    public TableSchema Table { get; }

    public string Name { get; }

    private static (ColumnRule, Type?, string?, string?) Classify(PropertyInfo property, Type valueType) =>
        property.GetCustomAttributes().FirstOrDefault() switch
        {
            StringRowAttribute => (ColumnRule.StringRow, null, null, null),
            SourceRowAttribute => (ColumnRule.SourceRow, null, null, null),
            RowOfAttribute r => (r.OrNone ? ColumnRule.RowOrNone : ColumnRule.Row, r.Table, null, null),
            RangeOfAttribute r => (ColumnRule.RangeFirst, r.Table, r.Count, r.Owner),
            PrefixLengthAttribute => (ColumnRule.PrefixLength, null, null, null),
            PortAttribute => (ColumnRule.Port, null, null, null),
            NonNegativeAttribute => (ColumnRule.NonNegative, null, null, null),
            _ when valueType == typeof(bool) => (ColumnRule.Boolean, null, null, null),
            _ when valueType.IsEnum => (ColumnRule.Vocabulary, null, null, null),
            _ => (ColumnRule.Any, null, null, null),
        };

    public Type ValueType { get; }

    public ColumnRule Rule { get; private set; }

    /// <summary>For the first column of a range: the column with the ranges' lengths.</summary>
    public string? CountName { get; }

    /// <summary>For the first column of a range: the target's column that must name the row that has the range.</summary>
    public string? OwnerName { get; }

    public int ValueSize => _codec.Size;

    /// <summary>For a vocabulary: which byte values are members (every vocabulary is a byte enum).</summary>
    internal bool[]? Members { get; }

    /// <summary>The table this column refers into (rows or ranges), once all schemas exist.</summary>
    public TableSchema TargetTable => ImageSchema.Of(_target!);

    public Array Get(object table) => (Array)_property.GetValue(table)!;

    internal void Set(object table, Array values) => _property.SetValue(table, values);

    /// <summary>Marks this column as the lengths of another column's ranges.</summary>
    internal void CountsRanges() => Rule = ColumnRule.RangeCount;

    /// <summary>The values as bytes, one value after the other (1 or 4 bytes each, little-endian).</summary>
    internal void Write(Array values, Span<byte> target) => _codec.Write(values, target);

    internal Array Read(ReadOnlySpan<byte> source, int count) => _codec.Read(source, count);

    /// <summary>A new array of <paramref name="count"/> values from their bytes as <see cref="Bytes"/> gives them (in memory order).</summary>
    internal Array FromBytes(ReadOnlySpan<byte> source, int count) => _codec.FromMemory(source, count);

    /// <summary>The values' bytes as they are in memory, for the checks of 1-byte columns (vocabularies, booleans).</summary>
    internal ReadOnlySpan<byte> Bytes(Array values) => _codec.AsBytes(values);

    /// <summary>docs/table-image.md's name of the column's type: "int32, device ref or -1", "byte, 0–32", "RouteAction".</summary>
    public string DocumentedType
    {
        get
        {
            string type = ValueType == typeof(int) ? "int32" : ValueType == typeof(uint) ? "uint32, IPv4" : ValueType == typeof(byte) ? "byte"
                : ValueType == typeof(bool) ? "boolean" : ValueType.Name;
            string rule = Rule switch
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
            return type + rule;
        }
    }

    /// <summary>
    /// Reads and writes a column's values as bytes through the array's data, without a generic instantiation per value
    /// type (which Native AOT cannot make at run time).
    /// </summary>
    private sealed class Codec(Type valueType)
    {
        public int Size { get; } = SizeOf(valueType.IsEnum ? Enum.GetUnderlyingType(valueType) : valueType);

        public void Write(Array values, Span<byte> target)
        {
            AsBytes(values).CopyTo(target);
            SwapOnBigEndian(target);
        }

        public Array Read(ReadOnlySpan<byte> source, int count)
        {
            var values = FromMemory(source, count);
            SwapOnBigEndian(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(values), count * Size));
            return values;
        }

        public Array FromMemory(ReadOnlySpan<byte> source, int count)
        {
            var values = NewArray(valueType, count);
            source.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(values), count * Size));
            return values;
        }

        public ReadOnlySpan<byte> AsBytes(Array values) =>
            MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(values), values.Length * Size);

        private static int SizeOf(Type type) =>
            type == typeof(byte) || type == typeof(sbyte) || type == typeof(bool) ? 1 : type == typeof(int) || type == typeof(uint) ? 4 : 0;

        private void SwapOnBigEndian(Span<byte> bytes)
        {
            if (Size == 4 && !BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
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
    /// <summary>
    /// Properties in the order they are declared: by metadata token, as reflection's own order may change once its
    /// cache is filled piecemeal. Native AOT has no metadata tokens; its reflection lists members in declaration order.
    /// </summary>
    internal static IEnumerable<PropertyInfo> InDeclarationOrder(this IEnumerable<PropertyInfo> properties) =>
        RuntimeFeature.IsDynamicCodeSupported ? properties.OrderBy(p => p.MetadataToken) : properties;

    public static IReadOnlyList<TableSchema> Tables { get; } = Build();

    public static TableSchema Of(Type table) =>
        Tables.FirstOrDefault(t => t.Type == table) ?? throw new InvalidOperationException($"{table.Name} is not a table of the image.");

    private static TableSchema[] Build()
    {
        var tables = typeof(NetworkImage).GetProperties()
            .Where(p => p.PropertyType.GetCustomAttribute<ImageTableAttribute>() is not null)
            .InDeclarationOrder()
            .Select(p => new TableSchema(p))
            .ToArray();
        foreach (var column in tables.SelectMany(t => t.Columns).Where(c => c.Rule == ColumnRule.RangeFirst))
        {
            column.Table.Column(column.CountName!).CountsRanges();
        }

        return tables;
    }
}
