using System.Collections.Concurrent;

namespace Mmo.Redis.Commands;

/// <summary>
/// A bounded free list of operations of one result type. Renting from an empty pool returns null (the caller
/// allocates); returning to a full pool drops the item, so a burst cannot pin memory for ever.
/// </summary>
internal sealed class OperationPool<T>
    where T : class
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly int _capacity;
    private int _count;

    public OperationPool(int capacity) => _capacity = capacity;

    public T? TryRent()
    {
        if (_items.TryDequeue(out var item))
        {
            Interlocked.Decrement(ref _count);
            return item;
        }

        return null;
    }

    public void Return(T item)
    {
        if (Interlocked.Increment(ref _count) <= _capacity)
        {
            _items.Enqueue(item);
        }
        else
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
