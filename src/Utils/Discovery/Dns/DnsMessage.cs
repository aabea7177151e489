using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Mmo.Discovery.Dns;

/// <summary>
/// Writes queries and reads responses of the DNS wire format (RFC 1035 §4), for A and AAAA lookups only.
/// <code>
/// Header, 12 bytes, big-endian:
///   0  ID        16 bits: chosen by the client, echoed by the server
///   2  flags     QR(1) OPCODE(4) AA(1) TC(1) RD(1) | RA(1) Z(3) RCODE(4)
///                queries send RD=1 (recursion desired); TC=1 in a response: it was cut to fit UDP, ask again over TCP
///   4  QDCOUNT   questions (1)
///   6  ANCOUNT   answer records
///   8  NSCOUNT   authority records (skipped)
///  10  ARCOUNT   additional records (skipped)
/// Question: QNAME, QTYPE(16), QCLASS(16, IN = 1)
/// Record:   NAME, TYPE(16), CLASS(16), TTL(32), RDLENGTH(16), RDATA
///           A: 4 bytes IPv4; AAAA: 16 bytes IPv6 (RFC 3596); CNAME: a NAME
/// NAME:     labels (a length byte 1-63, then that many bytes) ending with a zero byte, or ending with a
///           compression pointer: two bytes 11xxxxxx xxxxxxxx, a 14-bit offset from the message start where the
///           rest of the name is (§4.1.4). At most 255 bytes in all.
/// </code>
/// A response is trusted only if it is a response (QR=1) to a standard query with our question echoed back; the
/// ID is matched by the caller. Pointers must point backwards, which rules out loops.
/// </summary>
internal static class DnsMessage
{
    public const int HeaderSize = 12;
    public const int MaxUdpSize = 512; // No EDNS(0) OPT record is sent, so servers keep UDP answers within 512 bytes.
    private const int MaxNameLength = 255;
    private const ushort ClassIn = 1;
    private const ushort FlagResponse = 0x8000, FlagTruncated = 0x0200, FlagRecursionDesired = 0x0100, OpcodeMask = 0x7800;

    /// <summary>Bytes of a query for <paramref name="name"/>.</summary>
    public static int GetQueryLength(string name) => HeaderSize + EncodedNameLength(name) + 4;

    /// <summary>Writes a recursive query for one name and type; returns its length.</summary>
    public static int WriteQuery(Span<byte> destination, ushort id, string name, DnsRecordType type)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], FlagRecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        destination[6..HeaderSize].Clear();
        var offset = HeaderSize;
        foreach (var label in Labels(name))
        {
            destination[offset++] = (byte)label.Length;
            offset += Encoding.ASCII.GetBytes(label, destination[offset..]);
        }
        destination[offset++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], ClassIn);
        return offset + 4;
    }

    /// <summary>The ID of a message, or -1 when it is shorter than a header.</summary>
    public static int ReadId(ReadOnlySpan<byte> message) => message.Length < HeaderSize ? -1 : BinaryPrimitives.ReadUInt16BigEndian(message);

    /// <summary>
    /// Reads a response to the question (<paramref name="name"/>, <paramref name="type"/>): its code, whether it
    /// was truncated, and the addresses of that type for the name or the names it is a CNAME of.
    /// </summary>
    /// <exception cref="InvalidDataException">The message is malformed or answers another question.</exception>
    public static DnsResponse ParseResponse(ReadOnlySpan<byte> message, string name, DnsRecordType type)
    {
        if (message.Length < HeaderSize)
        {
            throw new InvalidDataException($"A DNS response of {message.Length} bytes is shorter than its header.");
        }
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((flags & FlagResponse) == 0 || (flags & OpcodeMask) != 0)
        {
            throw new InvalidDataException("The DNS message is not a response to a standard query.");
        }
        var code = (DnsResponseCode)(flags & 0xF);
        var truncated = (flags & FlagTruncated) != 0;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var offset = HeaderSize;
        if (questions != 1)
        {
            // Some servers leave the question out of an error response; nothing else can be trusted then.
            return questions == 0 && code != DnsResponseCode.NoError
                ? new DnsResponse(code, truncated, [])
                : throw new InvalidDataException($"A DNS response with {questions} questions does not answer our single question.");
        }
        var questionName = ReadName(message, ref offset);
        var questionType = ReadUInt16(message, ref offset);
        ReadUInt16(message, ref offset); // QCLASS
        if (!SameName(questionName, name) || questionType != (ushort)type)
        {
            throw new InvalidDataException($"The DNS response answers '{questionName}' type {questionType}, not '{name}' type {(ushort)type}.");
        }
        if (truncated)
        {
            return new DnsResponse(code, true, []);
        }
        return new DnsResponse(code, false, ReadAddresses(message, ref offset, answers, name, type));
    }

    private static List<IPAddress> ReadAddresses(ReadOnlySpan<byte> message, ref int offset, int count, string name, DnsRecordType type)
    {
        var records = new List<(string Owner, ushort Type, string? Target, IPAddress? Address)>(count);
        for (var i = 0; i < count; i++)
        {
            var owner = ReadName(message, ref offset);
            var recordType = ReadUInt16(message, ref offset);
            var recordClass = ReadUInt16(message, ref offset);
            offset += 4; // TTL: every answer is re-asked on the refresh period instead.
            var length = ReadUInt16(message, ref offset);
            if (offset + length > message.Length)
            {
                throw new InvalidDataException("A DNS record's data runs past the end of the message.");
            }
            var data = message.Slice(offset, length);
            if (recordClass == ClassIn)
            {
                if (recordType == (ushort)DnsRecordType.CName)
                {
                    var at = offset;
                    records.Add((owner, recordType, ReadName(message, ref at), null));
                }
                else if ((recordType == (ushort)DnsRecordType.A && length == 4) || (recordType == (ushort)DnsRecordType.Aaaa && length == 16))
                {
                    records.Add((owner, recordType, null, new IPAddress(data)));
                }
            }
            offset += length;
        }
        // The names that stand for the question: itself and, transitively, what it is a CNAME of.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name.TrimEnd('.') };
        for (var added = true; added;)
        {
            added = false;
            foreach (var record in records)
            {
                if (record.Target is not null && names.Contains(record.Owner) && names.Add(record.Target))
                {
                    added = true;
                }
            }
        }
        return [.. records.Where(r => r.Address is not null && r.Type == (ushort)type && names.Contains(r.Owner)).Select(r => r.Address!)];
    }

    /// <summary>Reads a possibly compressed name at <paramref name="offset"/> and moves past it.</summary>
    internal static string ReadName(ReadOnlySpan<byte> message, ref int offset)
    {
        var name = new StringBuilder();
        var position = offset;
        var end = -1; // Where the name ends in the message, once a pointer was followed.
        var length = 0;
        while (true)
        {
            if (position >= message.Length)
            {
                throw new InvalidDataException("A DNS name runs past the end of the message.");
            }
            var b = message[position];
            if (b == 0)
            {
                offset = end >= 0 ? end : position + 1;
                return name.ToString();
            }
            switch (b & 0xC0)
            {
                case 0xC0:
                    if (position + 1 >= message.Length)
                    {
                        throw new InvalidDataException("A DNS compression pointer is cut off.");
                    }
                    var target = ((b & 0x3F) << 8) | message[position + 1];
                    if (target >= position)
                    {
                        throw new InvalidDataException($"A DNS compression pointer at {position} points forward to {target}: rejected, as it could loop.");
                    }
                    if (end < 0)
                    {
                        end = position + 2;
                    }
                    position = target;
                    continue;
                case 0x00:
                    length += b + 1;
                    if (length + 1 > MaxNameLength || position + 1 + b > message.Length)
                    {
                        throw new InvalidDataException("A DNS name is longer than 255 bytes or runs past the end of the message.");
                    }
                    if (name.Length > 0)
                    {
                        name.Append('.');
                    }
                    name.Append(Encoding.ASCII.GetString(message.Slice(position + 1, b)));
                    position += 1 + b;
                    continue;
                default:
                    throw new InvalidDataException($"A DNS label starts with the reserved bits of 0x{b:X2}.");
            }
        }
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> message, ref int offset)
    {
        if (offset + 2 > message.Length)
        {
            throw new InvalidDataException("A DNS message ends in the middle of a record.");
        }
        var value = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        offset += 2;
        return value;
    }

    private static bool SameName(string a, string b) => string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    private static int EncodedNameLength(string name)
    {
        var length = 1;
        foreach (var label in Labels(name))
        {
            length += 1 + label.Length;
        }
        if (length > MaxNameLength)
        {
            throw new ArgumentException($"DNS name '{name}' is longer than 255 bytes.", nameof(name));
        }
        return length;
    }

    private static string[] Labels(string name)
    {
        var labels = name.TrimEnd('.').Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || !Ascii.IsValid(label))
            {
                throw new ArgumentException($"DNS name '{name}' must be ASCII labels of 1 to 63 characters separated by dots.", nameof(name));
            }
        }
        return labels;
    }
}

/// <summary>What a response says: its code, whether it was truncated (then empty), and the addresses found.</summary>
internal sealed record DnsResponse(DnsResponseCode Code, bool Truncated, IReadOnlyList<IPAddress> Addresses);
