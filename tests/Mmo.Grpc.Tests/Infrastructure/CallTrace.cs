namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>Records what interceptors and services did, in order.</summary>
internal sealed class CallTrace
{
    private readonly Lock _lock = new();
    private readonly List<string> _items = [];

    public IReadOnlyList<string> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public void Add(string item)
    {
        lock (_lock)
        {
            _items.Add(item);
        }
    }
}
