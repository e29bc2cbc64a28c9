using System.Buffers.Binary;
using CsCheck;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary>
/// Random images round-trip through bytes unchanged. They are made from the schema (every column a random array that
/// keeps its rule: references in range or -1 where allowed, ranges inside their table, owned ranges a partition of
/// their target), so a column added to a table is generated with no change here.
/// </summary>
public sealed class ImagePropertyTests
{
    /// <summary>Strings of ASCII, accented letters, CJK and characters outside the BMP (whole surrogate pairs).</summary>
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Char["abcxyz019 .-_/éüß日本☕"].Array[0, 12].Select(chars => new string(chars)),
        Gen.OneOfConst("", "🙂", "r1 🙂 café", new string('x', 300)));

    private static Gen<int[]> Rows(int rows, int count, bool noneAllowed) =>
        count == 0 ? Gen.Const(-1).Array[rows] : Gen.Int[noneAllowed ? -1 : 0, count - 1].Array[rows];

    /// <summary>Arbitrary ranges <c>first .. first + count</c> inside a table of <paramref name="target"/> rows.</summary>
    private static Gen<(int[] First, int[] Count)> Ranges(int rows, int target) =>
        Gen.Int[0, target].SelectMany(first => Gen.Int[0, target - first].Select(count => (first, count))).Array[rows]
            .Select(ranges => (ranges.Select(r => r.first).ToArray(), ranges.Select(r => r.count).ToArray()));

    /// <summary>The target's rows cut into consecutive runs, one per row: each row's first and count, and each target row's owner.</summary>
    private static Gen<(int[] First, int[] Count, int[] Owner)> Partition(int owners, int rows) =>
        Gen.Int[0, rows].Array[Math.Max(0, owners - 1)].Select(cuts =>
        {
            Array.Sort(cuts);
            var first = new int[owners];
            var count = new int[owners];
            var owner = new int[rows];
            for (int d = 0; d < owners; d++)
            {
                first[d] = d == 0 ? 0 : cuts[d - 1];
                int end = d == owners - 1 ? rows : cuts[d];
                count[d] = end - first[d];
                for (int r = first[d]; r < end; r++)
                {
                    owner[r] = d;
                }
            }

            return (first, count, owner);
        });

    private static readonly Gen<NetworkImage> RandomImage =
        Gen.Int[0, 6].Array[ImageSchema.Tables.Count + 1].SelectMany(Image);

    /// <summary>How many rows each table has: the string table and the source map at least one; a table that must name rows of an empty table is empty.</summary>
    private static Dictionary<TableSchema, int> Sizes(int[] n)
    {
        var sizes = ImageSchema.Tables.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => n[p.i + 1] + (p.t.Type == typeof(SourceMap) ? 1 : 0));
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var table in ImageSchema.Tables.Where(t => sizes[t] > 0 && t.Columns.Any(c => c.Rule == ColumnRule.Row && sizes[c.TargetTable] == 0)))
            {
                sizes[table] = 0;
                changed = true;
            }
        }

        return sizes;
    }

    private static Gen<NetworkImage> Image(int[] n)
    {
        var sizes = Sizes(n);
        int strings = 1 + n[0];
        var owned = ImageSchema.Tables.SelectMany(t => t.Columns).Where(c => c.OwnerName is not null).ToList();
        var partitions = Sequence([.. owned.Select(c => Partition(sizes[c.Table], sizes[c.TargetTable]).Select(p => (object)p))]);
        return Gen.Select(Text.Array[strings - 1], partitions).SelectMany((texts, cuts) =>
        {
            var fixedColumns = new Dictionary<ColumnSchema, Array>();
            foreach (var (column, cut) in owned.Zip(cuts.Cast<(int[] First, int[] Count, int[] Owner)>()))
            {
                fixedColumns[column] = cut.First;
                fixedColumns[column.Table.Column(column.CountName!)] = cut.Count;
                fixedColumns[column.TargetTable.Column(column.OwnerName!)] = cut.Owner;
            }

            var columns = ImageSchema.Tables.SelectMany(t => t.Columns).Where(c => !fixedColumns.ContainsKey(c) && c.Rule != ColumnRule.RangeCount).ToList();
            return Sequence([.. columns.Select(c => Values(c, strings, sizes))])
                .Select(values =>
                {
                    var image = new NetworkImage { Strings = ["", .. texts] };
                    var tables = ImageSchema.Tables.ToDictionary(t => t, t => Activator.CreateInstance(t.Type)!);
                    foreach (var (column, value) in fixedColumns.Select(p => (p.Key, p.Value)).Concat(columns.Zip(values).SelectMany(Split)))
                    {
                        column.Table.Type.GetProperty(column.Name)!.SetValue(tables[column.Table], value);
                    }

                    foreach (var table in ImageSchema.Tables)
                    {
                        typeof(NetworkImage).GetProperties().Single(p => p.PropertyType == table.Type).SetValue(image, tables[table]);
                    }

                    return image;
                });
        });
    }

    /// <summary>A range's first column generates its count column too: both come back as a pair.</summary>
    private static IEnumerable<(ColumnSchema, Array)> Split((ColumnSchema Column, object Value) generated) =>
        generated.Value is ValueTuple<int[], int[]> range
            ? [(generated.Column, range.Item1), (generated.Column.Table.Column(generated.Column.CountName!), range.Item2)]
            : [(generated.Column, (Array)generated.Value)];

    /// <summary>Random values of one column that keep its rule.</summary>
    private static Gen<object> Values(ColumnSchema column, int strings, Dictionary<TableSchema, int> sizes)
    {
        int rows = sizes[column.Table];
        int targetRows = column.Rule is ColumnRule.Row or ColumnRule.RowOrNone or ColumnRule.RangeFirst ? sizes[column.TargetTable] : 0;
        return Values(column, rows, column.Rule == ColumnRule.StringRow ? strings : targetRows, sizes);
    }

    private static Gen<object> Values(ColumnSchema column, int rows, int targetRows, Dictionary<TableSchema, int> sizes) => column.Rule switch
    {
        ColumnRule.StringRow => Rows(rows, targetRows, false).Select(v => (object)v),
        ColumnRule.SourceRow => Rows(rows, sizes[ImageSchema.Of(typeof(SourceMap))], false).Select(v => (object)v),
        ColumnRule.Row or ColumnRule.RowOrNone => Rows(rows, targetRows, column.Rule == ColumnRule.RowOrNone).Select(v => (object)v),
        ColumnRule.RangeFirst => Ranges(rows, targetRows).Select(v => (object)v),
        ColumnRule.PrefixLength => Gen.Byte[0, 32].Array[rows].Select(v => (object)v),
        ColumnRule.Port => Gen.OneOf(Gen.Int[-1, 65_535], Gen.OneOfConst(-1, 0, 65_535)).Array[rows].Select(v => (object)v),
        ColumnRule.NonNegative => Gen.Int[0, 10_000].Array[rows].Select(v => (object)v),
        ColumnRule.Boolean => Gen.Bool.Array[rows].Select(v => (object)v),
        ColumnRule.Vocabulary => Gen.Int[0, Enum.GetValues(column.ValueType).Length - 1].Array[rows].Select(indices =>
        {
            var members = Enum.GetValues(column.ValueType);
            var values = Array.CreateInstance(column.ValueType, rows);
            for (int i = 0; i < rows; i++) values.SetValue(members.GetValue(indices[i]), i);
            return (object)values;
        }),
        _ when column.ValueType == typeof(uint) => Gen.OneOf(Gen.UInt, Gen.OneOfConst(0u, uint.MaxValue)).Array[rows].Select(v => (object)v),
        _ => Gen.Int.Array[rows].Select(v => (object)v),
    };

    private static Gen<object[]> Sequence(IReadOnlyList<Gen<object>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<object>()), (all, next) => all.SelectMany(values => next.Select(value => (object[])[.. values, value])));

    [Fact]
    public void Random_images_fill_every_table_and_range()
    {
        var seen = new HashSet<string>();
        RandomImage.Sample(image =>
        {
            foreach (var table in ImageSchema.Tables.Where(t => t.Count(image) > 0)) seen.Add(table.Name);
            if (image.Devices.RouteCount.Any(c => c > 0)) seen.Add("owned range");
            if (image.Flows.StepCount.Any(c => c > 0)) seen.Add("range");
        }, iter: 300);

        seen.ShouldBe([.. ImageSchema.Tables.Select(t => t.Name), "owned range", "range"], ignoreOrder: true);
    }

    [Fact]
    public void Random_images_round_trip() =>
        RandomImage.Sample(image =>
        {
            var bytes = ImageBytes.Write(image);
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)).ShouldBe(Crc32Oracle.Compute(bytes.AsSpan(0, bytes.Length - 4)));
            ImageAssert.ShouldEqual(ImageBytes.Read(bytes), image);
            ImageAssert.ShouldEqual(ImageReader.Read(new NonSeekableStream(bytes, chunk: 1000)), image);
        }, iter: 500);

    [Fact]
    public void Random_images_refuse_every_truncation_and_a_flipped_byte() =>
        Gen.Select(RandomImage, Gen.Int[0, int.MaxValue], Gen.Int[1, 255]).Sample((image, position, mask) =>
        {
            var bytes = ImageBytes.Write(image);
            int offset = position % bytes.Length;

            Should.Throw<ImageFormatException>(() => ImageBytes.Read(bytes[..offset])).Problem
                .ShouldBe(offset == 0 ? ImageFormatProblem.NotAnImage : ImageFormatProblem.Truncated);

            bytes[offset] ^= (byte)mask;
            Should.Throw<ImageFormatException>(() => ImageBytes.Read(bytes));
        }, iter: 500);
}
