using CsCheck;
using Netflow.Runtime.Rendering;

namespace Netflow.Runtime.Tests.Rendering;

public sealed class PrintableTests
{
    /// <summary>Any UTF-16 code unit, lone surrogates included, with the dangerous ones drawn often.</summary>
    internal static readonly Gen<string> AnyText = Gen.OneOf(
        Gen.Char.Array[0, 40],
        Gen.OneOfConst('\n', '\r', '\u001B', '[', '"', '\\', '{', '}', '|', '<', '>', '\u009B', '\u202E', '\u2028', '\uD800', '\uDC00', 'a', ' ', '\t', '\u0085').Array[0, 40])
        .Select(chars => new string(chars));

    private static bool IsDangerous(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068' or '\u2069' or '\u200E' or '\u200F';

    [Fact]
    public void Escaped_text_has_no_control_bidi_or_lone_surrogate_characters() =>
        AnyText.Sample(text =>
        {
            var escaped = Printable.Escape(text);
            for (var i = 0; i < escaped.Length; i++)
            {
                if (char.IsHighSurrogate(escaped[i]) && i + 1 < escaped.Length && char.IsLowSurrogate(escaped[i + 1]))
                {
                    i++;
                    continue;
                }
                if (IsDangerous(escaped[i]) || char.IsSurrogate(escaped[i])) return false;
            }
            return Printable.IsSafe(escaped);
        }, iter: 5_000);

    [Fact]
    public void Text_without_dangerous_characters_is_unchanged() =>
        Gen.Char['\u0020', '\u007E'].Array[0, 40].Select(c => new string(c)).Sample(text => Printable.Escape(text) == text);

    [Theory]
    [InlineData("db\nerror NF1001: forged", @"db\nerror NF1001: forged")]
    [InlineData("\u001B[31mPASS\u001B[0m", @"\u001B[31mPASS\u001B[0m")]
    [InlineData("over\rPASS everything", @"over\rPASS everything")]
    [InlineData("\u009B2J", @"\u009B2J")]
    [InlineData("abc\u202Edef", @"abc\u202Edef")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("naïve → 😀", "naïve → 😀")]
    public void Escapes_what_could_forge_a_line_or_a_terminal_sequence(string text, string expected) =>
        Printable.Escape(text).ShouldBe(expected);
}
