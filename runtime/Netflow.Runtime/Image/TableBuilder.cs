namespace Netflow.Runtime.Image;

/// <summary>
/// Builds a table of the image row by row. Each row is given as a one-row table (every column an array of one value,
/// <c>new RouteTable { Device = [d], ... }</c>), so a row names each of its columns once, in any order, and a column
/// left out is an error rather than a silent 0.
/// </summary>
public sealed class TableBuilder<TTable>
    where TTable : class, new()
{
    private readonly TableSchema _schema = ImageSchema.Of(typeof(TTable));
    private readonly List<TTable> _rows = [];

    /// <summary>How many rows have been added: the row number of the next one.</summary>
    public int Count => _rows.Count;

    /// <exception cref="InvalidOperationException">A column of <paramref name="row"/> does not hold exactly one value.</exception>
    public void Add(TTable row)
    {
        foreach (var column in _schema.Columns)
        {
            if (column.Get(row).Length != 1)
            {
                throw new InvalidOperationException($"A row of the {_schema.Name} needs one value in column {column.Name}.");
            }
        }

        _rows.Add(row);
    }

    public TTable Build()
    {
        var table = new TTable();
        foreach (var column in _schema.Columns)
        {
            var values = Array.CreateInstance(column.ValueType, _rows.Count);
            for (int row = 0; row < _rows.Count; row++)
            {
                Array.Copy(column.Get(_rows[row]), 0, values, row, 1);
            }

            column.Set(table, values);
        }

        return table;
    }
}
