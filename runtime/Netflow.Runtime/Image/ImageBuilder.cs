namespace Netflow.Runtime.Image;

/// <summary>
/// Builds a <see cref="NetworkImage"/> row by row, every table through the one <see cref="Add{TTable}"/>. Each row is
/// given as a one-row table (every column an array of one value, <c>new RouteTable { Device = [d], ... }</c>), so a row
/// names each of its columns once, in any order, and a column left out is an error rather than a silent 0. Strings and
/// source locations are interned: equal ones share a row.
/// </summary>
public sealed class ImageBuilder
{
    private readonly Dictionary<Type, List<object>> _rows = ImageSchema.Tables.ToDictionary(t => t.Type, _ => new List<object>());
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly Dictionary<(string, int, int), int> _sources = [];

    /// <summary>Starts with string row 0 (the empty string) and source row 0 ("no declaration").</summary>
    public ImageBuilder() => Add(new SourceMap());

    /// <summary>How many rows the table has: the row number of the next one.</summary>
    public int Count<TTable>()
        where TTable : class => _rows[typeof(TTable)].Count;

    /// <summary>Adds a row and returns its row number.</summary>
    /// <exception cref="InvalidOperationException">A column of <paramref name="row"/> does not hold exactly one value.</exception>
    public int Add<TTable>(TTable row)
        where TTable : class
    {
        var schema = ImageSchema.Of(typeof(TTable));
        if (schema.Columns.FirstOrDefault(c => c.Get(row).Length != 1) is { } column)
        {
            throw new InvalidOperationException($"A row of the {schema.Name} needs one value in column {column.Name}.");
        }

        var rows = _rows[typeof(TTable)];
        rows.Add(row);
        return rows.Count - 1;
    }

    /// <summary>Adds the rows in order and returns the range of row numbers they take.</summary>
    public (int First, int Count) AddRange<TTable>(IEnumerable<TTable> rows)
        where TTable : class
    {
        int first = Count<TTable>();
        foreach (var row in rows) Add(row);
        return (first, Count<TTable>() - first);
    }

    /// <summary>The string row of <paramref name="value"/> (0 for null or empty).</summary>
    public int String(string? value)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        if (!_strings.TryGetValue(value, out var row)) _strings[value] = row = _strings.Count;
        return row;
    }

    /// <summary>The source row of a 1-based line and column in <paramref name="path"/>.</summary>
    public int Source(string path, int line, int column)
    {
        if (!_sources.TryGetValue((path, line, column), out var row))
        {
            _sources[(path, line, column)] = row = Add(new SourceMap { File = [String(path)], Line = [line], Column = [column] });
        }

        return row;
    }

    /// <summary>The image: each table's rows, column by column, in the order of <see cref="ImageSchema.Tables"/>.</summary>
    public NetworkImage Build()
    {
        var image = new NetworkImage { Strings = [.. _strings.OrderBy(s => s.Value).Select(s => s.Key)] };
        foreach (var schema in ImageSchema.Tables)
        {
            var rows = _rows[schema.Type];
            var table = schema.Create();
            foreach (var column in schema.Columns)
            {
                var values = ColumnSchema.NewArray(column.ValueType, rows.Count);
                for (int row = 0; row < rows.Count; row++) Array.Copy(column.Get(rows[row]), 0, values, row, 1);
                column.Set(table, values);
            }

            schema.Set(image, table);
        }

        return image;
    }
}
