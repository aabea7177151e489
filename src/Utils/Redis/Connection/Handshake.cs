using Mmo.Redis.Commands;

namespace Mmo.Redis.Connection;

/// <summary>
/// What every new connection sends before anyone else may use it: AUTH (password, or user and password),
/// SELECT, CLIENT SETNAME, then PING, which also turns "NOAUTH" from a server that wants a password into a
/// clear connection error instead of a failure of the first real command.
/// </summary>
internal static class Handshake
{
    public static async Task RunAsync(RedisConnection connection, RedisOptions options, long deadline, CancellationToken cancellationToken)
    {
        if (options.Password is { } password)
        {
            var auth = Create(RedisCommands.Auth, options.User is null ? 1 : 2, deadline);
            if (options.User is { } user)
            {
                auth.Write(user);
            }

            auth.Write(password);
            await RunAsync(connection, auth, $"refused the credentials of user '{options.User ?? "default"}'", options, cancellationToken).ConfigureAwait(false);
        }

        if (options.Database != 0)
        {
            var select = Create(RedisCommands.Select, 1, deadline);
            select.Write(options.Database);
            await RunAsync(connection, select, $"refused SELECT {options.Database}", options, cancellationToken).ConfigureAwait(false);
        }

        if (options.ClientName is { } name)
        {
            var setName = Create(RedisCommands.ClientSetName, 1, deadline);
            setName.Write(name);
            await RunAsync(connection, setName, $"refused the client name '{name}'", options, cancellationToken).ConfigureAwait(false);
        }

        var ping = Create(RedisCommands.Ping, 0, deadline);
        await RunAsync(connection, ping, "did not accept PING (set password= in the connection string if it requires one)", options, cancellationToken).ConfigureAwait(false);
    }

    private static RedisOperation<bool> Create(CommandName command, int argumentCount, long deadline)
    {
        var operation = RedisOperation<bool>.Create(command, argumentCount, ReplyParsers.Ok);
        operation.Deadline = deadline;
        return operation;
    }

    private static async Task RunAsync(RedisConnection connection, RedisOperation<bool> operation, string failure, RedisOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            throw new RedisConnectionException($"Redis at {options.EndPoint} {failure}: {ex.Message}", ex);
        }
    }
}
