using System.Net;
using Mmo.Discovery.Dns;

namespace Mmo.Discovery.Tests;

/// <summary>The DNS wire format: queries byte by byte, and responses as servers shape them.</summary>
public sealed class DnsMessageTests
{
    [Fact]
    public void WriteQuery_Name_EncodesHeaderLabelsTypeAndClass()
    {
        var buffer = new byte[DnsMessage.GetQueryLength("auth.mmo.test.")];

        var length = DnsMessage.WriteQuery(buffer, 0xBEEF, "auth.mmo.test.", DnsRecordType.Aaaa);

        Assert.Equal(buffer.Length, length);
        Assert.Equal(
            Convert.FromHexString("BEEF" + "0100" + "0001" + "0000" + "0000" + "0000" + "04617574680" + "3" + "6D6D6F" + "04" + "74657374" + "00" + "001C" + "0001"),
            buffer);
    }

    [Fact]
    public void WriteQuery_LabelTooLongOrNotAscii_Throws()
    {
        Assert.Throws<ArgumentException>(() => DnsMessage.GetQueryLength(new string('a', 64) + ".test"));
        Assert.Throws<ArgumentException>(() => DnsMessage.GetQueryLength("ä.test"));
        Assert.Throws<ArgumentException>(() => DnsMessage.GetQueryLength("a..test"));
    }

    [Fact]
    public void ParseResponse_CompressedAnswers_ReturnsEveryAddress()
    {
        var response = new ResponseBuilder("auth.mmo.test", DnsRecordType.A)
            .Answer(ResponseBuilder.QuestionPointer, DnsRecordType.A, [127, 0, 0, 2])
            .Answer(ResponseBuilder.QuestionPointer, DnsRecordType.A, [127, 0, 0, 3])
            .Build();

        var parsed = DnsMessage.ParseResponse(response, "auth.mmo.test", DnsRecordType.A);

        Assert.Equal(DnsResponseCode.NoError, parsed.Code);
        Assert.Equal([IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")], parsed.Addresses);
    }

    [Fact]
    public void ParseResponse_CnameChain_FollowsItToTheAddresses()
    {
        // auth.mmo.test CNAME pods.mmo.test (written out), pods.mmo.test A 10.0.0.1 (owner compressed into the CNAME's data),
        // and an unrelated A record that must not count.
        var builder = new ResponseBuilder("auth.mmo.test", DnsRecordType.A);
        var cnameData = builder.Offset + 12; // NAME (2) TYPE CLASS TTL RDLENGTH (10) then the data.
        builder.Answer(ResponseBuilder.QuestionPointer, DnsRecordType.CName, ResponseBuilder.EncodeName("pods.mmo.test"))
            .Answer([(byte)(0xC0 | (cnameData >> 8)), (byte)cnameData], DnsRecordType.A, [10, 0, 0, 1])
            .Answer(ResponseBuilder.EncodeName("other.test"), DnsRecordType.A, [10, 9, 9, 9]);

        var parsed = DnsMessage.ParseResponse(builder.Build(), "AUTH.mmo.test", DnsRecordType.A);

        Assert.Equal([IPAddress.Parse("10.0.0.1")], parsed.Addresses);
    }

    [Fact]
    public void ParseResponse_Truncated_ReportsItWithoutAddresses()
    {
        var response = new ResponseBuilder("auth.mmo.test", DnsRecordType.A, flags: 0x8380).Build();

        var parsed = DnsMessage.ParseResponse(response, "auth.mmo.test", DnsRecordType.A);

        Assert.True(parsed.Truncated);
        Assert.Empty(parsed.Addresses);
    }

    [Fact]
    public void ParseResponse_NameError_IsAnEmptyAnswer()
    {
        var parsed = DnsMessage.ParseResponse(new ResponseBuilder("gone.mmo.test", DnsRecordType.A, flags: 0x8183).Build(), "gone.mmo.test", DnsRecordType.A);

        Assert.Equal(DnsResponseCode.NameError, parsed.Code);
        Assert.Empty(parsed.Addresses);
    }

    [Fact]
    public void ParseResponse_AnotherQuestion_IsRejected()
    {
        var response = new ResponseBuilder("evil.test", DnsRecordType.A).Answer(ResponseBuilder.QuestionPointer, DnsRecordType.A, [6, 6, 6, 6]).Build();

        Assert.Throws<InvalidDataException>(() => DnsMessage.ParseResponse(response, "auth.mmo.test", DnsRecordType.A));
        Assert.Throws<InvalidDataException>(() => DnsMessage.ParseResponse(response, "evil.test", DnsRecordType.Aaaa));
    }

    [Fact]
    public void ReadName_PointerLoopOrForwardPointer_IsRejected()
    {
        // A pointer to itself at offset 12, and one pointing forward.
        byte[] selfLoop = [.. new byte[12], 0xC0, 12];
        byte[] forward = [.. new byte[12], 0xC0, 14, 0];

        Assert.Throws<InvalidDataException>(() => { var offset = 12; DnsMessage.ReadName(selfLoop, ref offset); });
        Assert.Throws<InvalidDataException>(() => { var offset = 12; DnsMessage.ReadName(forward, ref offset); });
    }

    [Fact]
    public void ParseResponse_RecordDataPastTheEnd_IsRejected()
    {
        var response = new ResponseBuilder("auth.mmo.test", DnsRecordType.A).Answer(ResponseBuilder.QuestionPointer, DnsRecordType.A, [127, 0, 0, 2]).Build();

        Assert.Throws<InvalidDataException>(() => DnsMessage.ParseResponse(response.AsSpan(0, response.Length - 2), "auth.mmo.test", DnsRecordType.A));
    }

    /// <summary>Builds responses by hand, the way a server lays them out (question first, answers pointing back at it).</summary>
    private sealed class ResponseBuilder
    {
        public static readonly byte[] QuestionPointer = [0xC0, 12];

        private readonly List<byte> _bytes = [];
        private int _answers;

        public ResponseBuilder(string name, DnsRecordType type, ushort flags = 0x8180)
        {
            _bytes.AddRange([0x12, 0x34, (byte)(flags >> 8), (byte)flags, 0, 1, 0, 0, 0, 0, 0, 0]);
            _bytes.AddRange(EncodeName(name));
            _bytes.AddRange([0, (byte)type, 0, 1]);
        }

        public int Offset => _bytes.Count;

        public static byte[] EncodeName(string name) =>
            [.. name.Split('.').SelectMany(label => new[] { (byte)label.Length }.Concat(label.Select(c => (byte)c))), 0];

        public ResponseBuilder Answer(byte[] owner, DnsRecordType type, byte[] data)
        {
            _bytes.AddRange(owner);
            _bytes.AddRange([0, (byte)type, 0, 1, 0, 0, 0, 30, (byte)(data.Length >> 8), (byte)data.Length]);
            _bytes.AddRange(data);
            _answers++;
            return this;
        }

        public byte[] Build()
        {
            var bytes = _bytes.ToArray();
            bytes[7] = (byte)_answers;
            return bytes;
        }
    }
}
