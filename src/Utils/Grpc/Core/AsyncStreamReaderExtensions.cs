using System.Runtime.CompilerServices;

namespace Grpc.Core;

/// <summary>Conveniences over <see cref="IAsyncStreamReader{T}"/>.</summary>
public static class AsyncStreamReaderExtensions
{
    /// <summary>Advances with no cancellation token.</summary>
    public static Task<bool> MoveNext<T>(this IAsyncStreamReader<T> reader) => reader.MoveNext(CancellationToken.None);

    /// <summary>Reads every message with <c>await foreach</c>.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IAsyncStreamReader<T> reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
