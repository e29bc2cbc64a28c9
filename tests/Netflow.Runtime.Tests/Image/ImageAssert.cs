using System.Reflection;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary>Compares images column by column, finding the tables and columns by reflection so that none is forgotten.</summary>
internal static class ImageAssert
{
    /// <summary>The table properties of <see cref="NetworkImage"/> (every property whose type is a class of ours).</summary>
    public static IEnumerable<PropertyInfo> Tables() =>
        typeof(NetworkImage).GetProperties()
            .Where(p => p.PropertyType.Namespace == typeof(NetworkImage).Namespace)
            .OrderBy(p => p.MetadataToken);

    /// <summary>The columns of a table type: its array properties, in declaration order.</summary>
    public static IEnumerable<PropertyInfo> Columns(Type table) =>
        table.GetProperties().Where(p => p.PropertyType.IsArray).OrderBy(p => p.MetadataToken);

    public static IEnumerable<(string Name, Array Column)> AllColumns(NetworkImage image)
    {
        yield return ("Strings", image.Strings);
        foreach (var table in Tables())
        {
            object value = table.GetValue(image)!;
            foreach (var column in Columns(table.PropertyType))
            {
                yield return ($"{table.Name}.{column.Name}", (Array)column.GetValue(value)!);
            }
        }
    }

    public static void ShouldEqual(NetworkImage actual, NetworkImage expected)
    {
        var actualColumns = AllColumns(actual).ToList();
        var expectedColumns = AllColumns(expected).ToList();
        actualColumns.Count.ShouldBe(expectedColumns.Count);
        for (int i = 0; i < actualColumns.Count; i++)
        {
            var (name, column) = actualColumns[i];
            column.GetType().ShouldBe(expectedColumns[i].Column.GetType(), name);
            column.Cast<object>().ToArray().ShouldBe(expectedColumns[i].Column.Cast<object>().ToArray(), name);
        }
    }
}
