namespace Netflow.Runtime.Image;

/// <summary>
/// The invariants every table image keeps, checked before writing and after reading so that the engine can index with
/// any column it loads: the columns of a table agree in length, every value keeps its column's <see cref="ColumnRule"/>,
/// and the rows of a range that has an owner belong to it. Returns the first problem found as a phrase ("route 3 has
/// NextHopDevice 17, which is not a device row or -1 (there are 5 devices)"), or null.
/// </summary>
internal static class ImageValidator
{
    public static string? Validate(NetworkImage image)
    {
        if (image.Strings is null || ImageSchema.Tables.Any(t => t.Get(image) is null)) return "a table is missing (null)";

        return ImageSchema.Tables.Select(t => Lengths(t, t.Get(image))).FirstOrDefault(p => p is not null) ??
            Strings(image.Strings) ??
            (image.Sources.Count == 0 ? "the source map has no row 0 (\"no declaration\")" : null) ??
            ImageSchema.Tables.SelectMany(t => t.Columns).Select(c => Values(image, c)).FirstOrDefault(p => p is not null) ??
            ImageSchema.Tables.SelectMany(t => t.Columns).Select(c => Owners(image, c)).FirstOrDefault(p => p is not null);
    }

    private static string? Lengths(TableSchema schema, object table)
    {
        var columns = schema.Columns.Select(c => (c.Name, Values: c.Get(table))).ToList();
        if (columns.FirstOrDefault(c => c.Values is null) is { Name: { } missing })
        {
            return $"column {missing} of the {schema.Name} is missing (null)";
        }

        var (firstName, first) = columns[0];
        return columns.Where(c => c.Values.Length != first.Length)
            .Select(c => $"column {c.Name} of the {schema.Name} has {c.Values.Length} rows, but column {firstName} has {first.Length}")
            .FirstOrDefault();
    }

    private static string? Strings(string[] strings)
    {
        if (strings.Length == 0 || strings[0] != "") return "string row 0 is not the empty string";

        int missing = Array.IndexOf(strings, null);
        return missing < 0 ? null : $"string {missing} is missing (null)";
    }

    /// <summary>The first value of the column that breaks its rule, as a phrase.</summary>
    private static string? Values(NetworkImage image, ColumnSchema column)
    {
        var table = column.Table.Get(image);
        var values = column.Get(table);
        return column.Rule switch
        {
            ColumnRule.StringRow => Rows(column, (int[])values, image.Strings.Length, false, "string"),
            ColumnRule.SourceRow => Rows(column, (int[])values, image.Sources.Count, false, "source map"),
            ColumnRule.Row or ColumnRule.RowOrNone =>
                Rows(column, (int[])values, column.TargetTable.Count(image), column.Rule == ColumnRule.RowOrNone, column.TargetTable.Row),
            ColumnRule.RangeFirst => Ranges(image, column, (int[])values, (int[])column.Table.Column(column.CountName!).Get(table)),
            ColumnRule.NonNegative => First(column, (int[])values, v => v >= 0, "is less than 0"),
            ColumnRule.Port => First(column, (int[])values, v => v >= -1 && v <= ImageSchema.MaxPort, "is not a port or -1"),
            ColumnRule.PrefixLength => First(column, (byte[])values, v => v <= 32, "is not a prefix length (0 to 32)"),
            ColumnRule.Boolean => First(column, column.Bytes(values).ToArray(), v => v <= 1, "is not a boolean (0 or 1)"),
            ColumnRule.Vocabulary => First(column, column.Bytes(values).ToArray(),
                Enum.GetValuesAsUnderlyingType(column.ValueType).Cast<byte>().ToHashSet().Contains, $"is not a {column.ValueType.Name} this netflow knows"),
            _ => null,
        };
    }

    /// <summary>Every value a row of a table with <paramref name="count"/> rows, or -1 if <paramref name="noneAllowed"/>.</summary>
    private static string? Rows(ColumnSchema column, int[] values, int count, bool noneAllowed, string target)
    {
        string what = noneAllowed ? $"a {target} row or -1" : $"a {target} row";
        string rows = target == "source map" ? $"the source map has {count} rows" : $"there are {count} {target}s";
        return First(column, values, v => v >= (noneAllowed ? -1 : 0) && v < count, $"is not {what} ({rows})");
    }

    /// <summary>Every row's <c>first .. first + count</c> lies within the target table.</summary>
    private static string? Ranges(NetworkImage image, ColumnSchema column, int[] first, int[] count)
    {
        int target = column.TargetTable.Count(image);
        int row = Enumerable.Range(0, first.Length).FirstOrDefault(r => first[r] < 0 || count[r] < 0 || (long)first[r] + count[r] > target, -1);
        return row < 0 ? null : $"{column.Table.Row} {row} has {column.Name} {first[row]} and {column.CountName} {count[row]}, which is not a " +
            $"range of the {target} {column.TargetTable.Row}s";
    }

    /// <summary>The rows in a range with an owner name the row that has the range: so the ranges of two rows never overlap.</summary>
    private static string? Owners(NetworkImage image, ColumnSchema column)
    {
        if (column.OwnerName is null) return null;

        var table = column.Table.Get(image);
        var first = (int[])column.Get(table);
        var count = (int[])column.Table.Column(column.CountName!).Get(table);
        var owner = (int[])column.TargetTable.Column(column.OwnerName).Get(column.TargetTable.Get(image));
        var problems = from row in Enumerable.Range(0, first.Length)
                       from target in Enumerable.Range(first[row], count[row])
                       where owner[target] != row
                       select $"{column.Table.Row} {row} has {column.TargetTable.Row}s {first[row]}..{first[row] + count[row] - 1}, but " +
                           $"{column.TargetTable.Row} {target} has {column.OwnerName} {owner[target]}";
        return problems.FirstOrDefault();
    }

    /// <summary>"device 3 has Host 17, which ..." for the first value that is not <paramref name="valid"/>.</summary>
    private static string? First<T>(ColumnSchema column, T[] values, Func<T, bool> valid, string which)
    {
        int row = Array.FindIndex(values, v => !valid(v));
        return row < 0 ? null : $"{column.Table.Row} {row} has {column.Name} {values[row]}, which {which}";
    }
}
