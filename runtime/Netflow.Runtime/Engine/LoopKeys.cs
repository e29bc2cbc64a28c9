namespace Netflow.Runtime.Engine;

/// <summary>
/// The hops a walk has made, for loop detection without a set per packet: one array per thread, reused by every walk
/// on it. A walk may start another (a tunnel's IKE check), so each walk owns the slice above where the one that
/// started it stopped, and gives it back when it ends. A walk has at most <see cref="ForwardingEngine.MaxHops"/>
/// keys, so a linear search is cheaper than hashing.
/// </summary>
internal sealed class LoopKeys
{
    [ThreadStatic] private static LoopKeys? t_current;

    private LoopKey[] _keys = new LoopKey[ForwardingEngine.MaxHops + 1];
    private int _count;
    private int _walkStart;

    private LoopKeys() { }

    /// <summary>Starts a walk's slice on this thread's keys.</summary>
    public static LoopKeys Open()
    {
        var keys = t_current ??= new LoopKeys();
        keys.Push(keys._walkStart);
        return keys;
    }

    /// <summary>Ends the walk's slice, giving back its keys.</summary>
    public void Close()
    {
        _count = _walkStart - 1;
        _walkStart = _keys[_count].Device;
    }

    /// <summary>Adds a hop of the current walk; false if the walk has already been in this state.</summary>
    public bool Add(LoopKey key)
    {
        for (var i = _walkStart; i < _count; i++)
        {
            if (_keys[i].Equals(key)) return false;
        }
        Push(key);
        return true;
    }

    /// <summary>A slice starts with a marker holding where the enclosing walk's slice starts (in Device).</summary>
    private void Push(int enclosingStart)
    {
        Push(new LoopKey(enclosingStart, default, null, null, 0, 0));
        _walkStart = _count;
    }

    private void Push(LoopKey key)
    {
        if (_count == _keys.Length) Array.Resize(ref _keys, 2 * _keys.Length);
        _keys[_count++] = key;
    }
}
