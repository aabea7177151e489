using Mmo.Redis.Commands;

namespace Mmo.Redis;

/// <summary>Commands without a typed method, checked so they cannot break the shared connection.</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// Commands that change the state of the connection they run on, or hold it: on a connection shared by
    /// every caller they would break the others (or the one-reply-per-command FIFO).
    /// </summary>
    private static readonly HashSet<string> RefusedCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
        "SELECT", "AUTH", "HELLO", "RESET", "QUIT", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "CLIENT REPLY",
        "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "XREAD", "XREADGROUP", "WAIT", "WAITAOF",
    };

    public ValueTask<RedisResult> ExecuteAsync(string command, ReadOnlySpan<string> arguments = default, CancellationToken cancellationToken = default)
    {
        foreach (var argument in arguments)
        {
            ArgumentNullException.ThrowIfNull(argument, nameof(arguments));
        }

        var operation = Create(CheckCommand(command, arguments.IsEmpty ? null : arguments[0]), arguments.Length, ReplyParsers.Result);
        WriteAll(operation, arguments);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<RedisResult> ExecuteAsync(string command, ReadOnlySpan<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default)
    {
        var subcommand = arguments.IsEmpty || arguments[0].Length > 16 ? null : System.Text.Encoding.UTF8.GetString(arguments[0].Span);
        var operation = Create(CheckCommand(command, subcommand), arguments.Length, ReplyParsers.Result);
        WriteAll(operation, arguments);
        return ExecuteAsync(operation, cancellationToken);
    }

    /// <param name="command">The command, possibly with its sub-command ("CLIENT LIST").</param>
    /// <param name="firstArgument">The first argument, which may be the sub-command instead.</param>
    private static CommandName CheckCommand(string command, string? firstArgument)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var name = new CommandName(command);
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var subcommand = words.Length > 1 ? words[1] : firstArgument;
        if (RefusedCommands.Contains(words[0]) || RefusedCommands.Contains($"{words[0]} {subcommand}"))
        {
            throw new ArgumentException(
                $"{name.Name} cannot run on the shared Redis connection: it would change or hold the connection every caller uses. " +
                "Use SubscribeAsync for pub/sub and the database= setting for SELECT.", nameof(command));
        }

        return name;
    }
}
