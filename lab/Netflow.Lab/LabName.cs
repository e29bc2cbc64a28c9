using System.Text.RegularExpressions;

namespace Netflow.Lab;

/// <summary>
/// A lab's name and the names of everything it creates. Every namespace is <c>nfl-NAME-...</c>; the name is 1 to 8
/// lower-case letters and digits, so the prefix (with its trailing dash) of one lab is never a prefix of another's,
/// and a lab only ever deletes what carries its own prefix.
/// </summary>
public sealed partial class LabName
{
    public const string Root = "nfl-";

    private LabName(string value) => Value = value;

    public string Value { get; }

    /// <summary>What every namespace of this lab starts with.</summary>
    public string Prefix => $"{Root}{Value}-";

    /// <summary>The namespace that holds the segments' bridges.</summary>
    public string Switch => Prefix + "sw";

    public string Device(int device) => Prefix + "d" + device;

    public bool Owns(string netns) => netns.StartsWith(Prefix, StringComparison.Ordinal) && netns.Length > Prefix.Length;

    public static LabName? TryCreate(string value) => ValidName().IsMatch(value) ? new LabName(value) : null;

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z0-9]{1,8}$")]
    private static partial Regex ValidName();
}
