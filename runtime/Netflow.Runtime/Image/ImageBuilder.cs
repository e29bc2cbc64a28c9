using System.Buffers;

namespace Netflow.Runtime.Image;

/// <summary>
/// Builds a <see cref="NetworkImage"/> row by row, every table through the one <see cref="Add{TTable}"/>. Each row is
/// given as a one-row table (every column an array of one value, <c>new RouteTable { Device = [d], ... }</c>), so a row
/// names each of its columns once, in any order, and a column left out is an error rather than a silent 0. Strings and
/// source locations are interned: equal ones share a row.
/// </summary>
public sealed class ImageBuilder
{
    private readonly Dictionary<Type, TableRows> _tables = ImageSchema.Tables.ToDictionary(t => t.Type, t => new TableRows(t));
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly Dictionary<(string, int, int), int> _sources = [];

    /// <summary>Starts with string row 0 (the empty string) and source row 0 ("no declaration").</summary>
    public ImageBuilder() => Add(new SourceMap());

    /// <summary>How many rows the table has: the row number of the next one.</summary>
    public int Count<TTable>()
        where TTable : class => _tables[typeof(TTable)].Count;

    /// <summary>Adds a row and returns its row number.</summary>
    /// <exception cref="InvalidOperationException">A column of <paramref name="row"/> does not hold exactly one value.</exception>
    public int Add<TTable>(TTable row)
        where TTable : class => _tables[typeof(TTable)].Add(row);

    /// <summary>Adds the rows in order and returns the range of row numbers they take.</summary>
    public (int First, int Count) AddRange<TTable>(IEnumerable<TTable> rows)
        where TTable : class
    {
        int first = Count<TTable>();
        foreach (var row in rows) Add(row);
        return (first, Count<TTable>() - first);
    }

    /// <summary>The string row of <paramref name="value"/> (0 for null or empty).</summary>
    public int String(string? value) => string.IsNullOrEmpty(value) ? 0 : Intern(_strings, value, () => _strings.Count);

    /// <summary>The source row of a 1-based line and column in <paramref name="path"/>.</summary>
    public int Source(string path, int line, int column) =>
        Intern(_sources, (path, line, column), () => Add(new SourceMap { File = [String(path)], Line = [line], Column = [column] }));

    /// <summary>The row of <paramref name="key"/>: the one it has, or the one <paramref name="add"/> gives it.</summary>
    private static int Intern<TKey>(Dictionary<TKey, int> rows, TKey key, Func<int> add)
        where TKey : notnull => rows.TryGetValue(key, out int row) ? row : rows[key] = add();

    /// <summary>The image: each table's rows, column by column.</summary>
    public NetworkImage Build()
    {
        var strings = new string[_strings.Count];
        foreach (var (value, row) in _strings) strings[row] = value;
        var image = new NetworkImage { Strings = strings };
        foreach (var rows in _tables.Values) rows.Schema.Set(image, rows.Table());
        return image;
    }

    /// <summary>
    /// The rows of one table so far: each column's values as bytes, copied as a row is added, so that the one-row tables
    /// die young rather than live on to <see cref="Build"/> (on a network of a million lines they would be most of the heap).
    /// </summary>
    private sealed class TableRows(TableSchema schema)
    {
        private readonly ArrayBufferWriter<byte>[] _columns = [.. schema.Columns.Select(_ => new ArrayBufferWriter<byte>())];

        public TableSchema Schema => schema;

        public int Count { get; private set; }

        public int Add(object row)
        {
            // Every column is checked before any is copied, so a bad row adds nothing.
            var values = schema.Columns.Select(c => c.Get(row)).ToArray();
            if (Array.FindIndex(values, v => v.Length != 1) is var bad and >= 0)
            {
                throw new InvalidOperationException($"A row of the {schema.Name} needs one value in column {schema.Columns[bad].Name}.");
            }

            for (int c = 0; c < values.Length; c++) _columns[c].Write(schema.Columns[c].Bytes(values[c]));
            return Count++;
        }

        /// <summary>The table of the rows so far.</summary>
        public object Table()
        {
            var table = schema.Create();
            for (int c = 0; c < _columns.Length; c++) schema.Columns[c].Set(table, schema.Columns[c].FromBytes(_columns[c].WrittenSpan));
            return table;
        }
    }
}
