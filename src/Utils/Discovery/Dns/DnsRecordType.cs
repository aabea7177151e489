namespace Mmo.Discovery.Dns;

/// <summary>The RR types this client asks for or follows (RFC 1035 §3.2.2, RFC 3596).</summary>
internal enum DnsRecordType : ushort
{
    A = 1,
    CName = 5,
    Aaaa = 28,
}

/// <summary>RCODE of a response header (RFC 1035 §4.1.1).</summary>
internal enum DnsResponseCode : byte
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,
    NotImplemented = 4,
    Refused = 5,
}
