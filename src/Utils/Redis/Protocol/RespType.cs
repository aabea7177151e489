namespace Mmo.Redis.Protocol;

/// <summary>The RESP2 type byte that starts every reply (see <see cref="RespReader"/>).</summary>
internal enum RespType : byte
{
    SimpleString = (byte)'+',
    Error = (byte)'-',
    Integer = (byte)':',
    BulkString = (byte)'$',
    Array = (byte)'*',
}
