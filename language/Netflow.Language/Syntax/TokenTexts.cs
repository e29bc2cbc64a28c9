namespace Netflow.Language.Syntax;

/// <summary>
/// The texts of one file's tokens, each distinct text kept once: a large network repeats a few thousand words and
/// names (<c>route</c>, <c>via</c>, <c>gw</c>) on most of its lines, and a string per token would be most of the lexer's
/// allocations. Open addressing over the text's characters, so looking up a token allocates nothing.
/// </summary>
internal sealed class TokenTexts
{
    private string?[] _slots = new string?[256];
    private int _count;

    /// <summary>The text of <paramref name="text"/>[<paramref name="start"/>..+<paramref name="length"/>], the same string for the same characters.</summary>
    public string Get(string text, int start, int length)
    {
        var span = text.AsSpan(start, length);
        var mask = _slots.Length - 1;
        for (var i = string.GetHashCode(span) & mask; ; i = (i + 1) & mask)
        {
            if (_slots[i] is not { } stored)
            {
                stored = _slots[i] = text.Substring(start, length);
                if (++_count * 2 > _slots.Length) Grow();
                return stored;
            }
            if (span.SequenceEqual(stored)) return stored;
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new string?[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var stored in old)
        {
            if (stored is null) continue;
            var i = string.GetHashCode(stored.AsSpan()) & mask;
            while (_slots[i] is not null) i = (i + 1) & mask;
            _slots[i] = stored;
        }
    }
}
