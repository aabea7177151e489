using Mmo.Redis.Commands;

namespace Mmo.Redis;

/// <summary>Scripting: EVAL, EVALSHA, SCRIPT LOAD (see <see cref="RedisScript"/> for the cached form).</summary>
public sealed partial class RedisClient
{
    public ValueTask<RedisResult> EvalAsync(string script, ReadOnlySpan<string> keys = default, ReadOnlySpan<string> arguments = default, CancellationToken cancellationToken = default) =>
        Evaluate(RedisCommands.Eval, script, keys, arguments, cancellationToken);

    public ValueTask<RedisResult> EvalAsync(string script, ReadOnlySpan<ReadOnlyMemory<byte>> keys, ReadOnlySpan<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default) =>
        Evaluate(RedisCommands.Eval, script, keys, arguments, cancellationToken);

    public ValueTask<RedisResult> EvalShaAsync(string sha1, ReadOnlySpan<string> keys = default, ReadOnlySpan<string> arguments = default, CancellationToken cancellationToken = default) =>
        Evaluate(RedisCommands.EvalSha, sha1, keys, arguments, cancellationToken);

    public ValueTask<RedisResult> EvalShaAsync(string sha1, ReadOnlySpan<ReadOnlyMemory<byte>> keys, ReadOnlySpan<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default) =>
        Evaluate(RedisCommands.EvalSha, sha1, keys, arguments, cancellationToken);

    public ValueTask<string> ScriptLoadAsync(string script, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        var operation = Create(RedisCommands.ScriptLoad, 1, ReplyParsers.NonNullString);
        operation.Write(script);
        return ExecuteAsync(operation, cancellationToken);
    }

    /// <summary>EVAL and EVALSHA share a shape: script or SHA-1, number of keys, keys, arguments.</summary>
    private ValueTask<RedisResult> Evaluate(CommandName command, string script, ReadOnlySpan<string> keys, ReadOnlySpan<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        var operation = Create(command, 2 + keys.Length + arguments.Length, ReplyParsers.Result);
        operation.Write(script);
        operation.Write(keys.Length);
        WriteAll(operation, keys);
        WriteAll(operation, arguments);
        return ExecuteAsync(operation, cancellationToken);
    }

    private ValueTask<RedisResult> Evaluate(CommandName command, string script, ReadOnlySpan<ReadOnlyMemory<byte>> keys, ReadOnlySpan<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        var operation = Create(command, 2 + keys.Length + arguments.Length, ReplyParsers.Result);
        operation.Write(script);
        operation.Write(keys.Length);
        WriteAll(operation, keys);
        WriteAll(operation, arguments);
        return ExecuteAsync(operation, cancellationToken);
    }
}
