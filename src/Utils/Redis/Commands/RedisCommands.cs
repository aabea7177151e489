namespace Mmo.Redis.Commands;

/// <summary>The commands this client sends, encoded once at start-up.</summary>
internal static class RedisCommands
{
    public static readonly CommandName Auth = new("AUTH");
    public static readonly CommandName Select = new("SELECT");
    public static readonly CommandName ClientSetName = new("CLIENT SETNAME");
    public static readonly CommandName Ping = new("PING");

    public static readonly CommandName Get = new("GET");
    public static readonly CommandName Set = new("SET");
    public static readonly CommandName MGet = new("MGET");
    public static readonly CommandName Incr = new("INCR");
    public static readonly CommandName IncrBy = new("INCRBY");

    public static readonly CommandName Del = new("DEL");
    public static readonly CommandName Exists = new("EXISTS");
    public static readonly CommandName Expire = new("EXPIRE");
    public static readonly CommandName PExpire = new("PEXPIRE");
    public static readonly CommandName Ttl = new("TTL");

    public static readonly CommandName HGet = new("HGET");
    public static readonly CommandName HSet = new("HSET");
    public static readonly CommandName HDel = new("HDEL");
    public static readonly CommandName HGetAll = new("HGETALL");

    public static readonly CommandName SAdd = new("SADD");
    public static readonly CommandName SRem = new("SREM");
    public static readonly CommandName SMembers = new("SMEMBERS");

    public static readonly CommandName Eval = new("EVAL");
    public static readonly CommandName EvalSha = new("EVALSHA");
    public static readonly CommandName ScriptLoad = new("SCRIPT LOAD");

    public static readonly CommandName Publish = new("PUBLISH");
    public static readonly CommandName Subscribe = new("SUBSCRIBE");
    public static readonly CommandName Unsubscribe = new("UNSUBSCRIBE");
    public static readonly CommandName PSubscribe = new("PSUBSCRIBE");
    public static readonly CommandName PUnsubscribe = new("PUNSUBSCRIBE");
}
