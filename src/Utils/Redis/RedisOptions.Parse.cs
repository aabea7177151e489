using System.Globalization;
using System.Text;

namespace Mmo.Redis;

/// <summary>Connection strings: <c>host[:port][,key=value...]</c> or <c>redis://[user[:password]@]host[:port][/database][?key=value&amp;...]</c>.</summary>
public sealed partial class RedisOptions
{
    private const string Keys =
        "user, password, database, name, connectTimeout, commandTimeout, reconnectMinDelay, reconnectMaxDelay, " +
        "maxPendingCommands, subscriptionBufferCapacity";

    /// <summary>
    /// Parses a connection string, e.g. <c>127.0.0.1:6379,password=secret,database=2,commandTimeout=2000</c> or
    /// <c>redis://app:secret@cache:6379/2?commandTimeout=2000</c>. Keys are case-insensitive; times are in
    /// milliseconds; settings not given keep their defaults. Throws <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static RedisOptions Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var options = new RedisOptions();
        var text = connectionString.Trim();
        if (text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("TLS (rediss://) is not supported by this client");
        }

        if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            options.ApplyUrl(text);
        }
        else
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0].Contains('=', StringComparison.Ordinal))
            {
                throw Invalid("it must start with the server's host[:port]");
            }

            options.ApplyEndPoint(parts[0]);
            foreach (var part in parts.Skip(1))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw Invalid($"'{part}' is not key=value");
                }

                options.Apply(part[..equals].Trim(), part[(equals + 1)..].Trim());
            }
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw Invalid(ex.Message);
        }

        return options;
    }

    /// <summary>The settings as a connection string, with the password masked.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(EndPoint);
        Append(text, "user", User);
        Append(text, "password", Password is null ? null : "*****");
        Append(text, "database", Database == 0 ? null : Database.ToString(CultureInfo.InvariantCulture));
        Append(text, "name", ClientName);
        Append(text, "connectTimeout", ((long)ConnectTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        Append(text, "commandTimeout", ((long)CommandTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private void ApplyUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid("it is not a valid redis:// URL");
        }

        Host = uri.IdnHost;
        Port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            User = user.Length == 0 ? null : user;
            Password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            Apply("database", path);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid($"'{pair}' is not key=value");
            }

            Apply(Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..]));
        }
    }

    private void ApplyEndPoint(string endPoint)
    {
        string host;
        string? port = null;
        if (endPoint.StartsWith('['))
        {
            var close = endPoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < endPoint.Length && endPoint[close + 1] != ':'))
            {
                throw Invalid($"'{endPoint}' is not [ipv6]:port");
            }

            host = endPoint[1..close];
            port = close + 1 < endPoint.Length ? endPoint[(close + 2)..] : null;
        }
        else if (endPoint.Count(c => c == ':') == 1)
        {
            host = endPoint[..endPoint.IndexOf(':', StringComparison.Ordinal)];
            port = endPoint[(host.Length + 1)..];
        }
        else
        {
            host = endPoint;
        }

        Host = host;
        if (port is not null)
        {
            Port = Integer("port", port);
        }
    }

    private void Apply(string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "user": User = value.Length == 0 ? null : value; break;
            case "password": Password = value; break;
            case "database" or "defaultdatabase": Database = Integer(key, value); break;
            case "name": ClientName = value.Length == 0 ? null : value; break;
            case "connecttimeout": ConnectTimeout = Milliseconds(key, value); break;
            case "commandtimeout": CommandTimeout = Milliseconds(key, value); break;
            case "reconnectmindelay": ReconnectMinDelay = Milliseconds(key, value); break;
            case "reconnectmaxdelay": ReconnectMaxDelay = Milliseconds(key, value); break;
            case "maxpendingcommands": MaxPendingCommands = Integer(key, value); break;
            case "subscriptionbuffercapacity": SubscriptionBufferCapacity = Integer(key, value); break;
            case "abortconnect": break; // StackExchange.Redis' flag; this client never gives up reconnecting anyway.
            case "ssl": throw Invalid("TLS (ssl=) is not supported by this client");
            default: throw Invalid($"unknown setting '{key}' (known: {Keys})");
        }
    }

    private static int Integer(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid($"{key}='{value}' is not an integer");

    private static TimeSpan Milliseconds(string key, string value) => TimeSpan.FromMilliseconds(Integer(key, value));

    private static void Append(StringBuilder text, string key, string? value)
    {
        if (value is not null)
        {
            text.Append(',').Append(key).Append('=').Append(value);
        }
    }

    private static FormatException Invalid(string reason) => new($"Invalid Redis connection string: {reason}.");
}
