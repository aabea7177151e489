using Grpc.Core;

namespace Mmo.Grpc.Tests.Protocol;

public class MetadataTests
{
    [Theory]
    [InlineData("x-key")]
    [InlineData("abc_def.ghi-0123456789")]
    [InlineData("a")]
    public void EntryCtor_ValidKey_Accepted(string key)
    {
        var entry = new Metadata.Entry(key, "value");

        Assert.Equal(key, entry.Key);
        Assert.False(entry.IsBinary);
    }

    [Fact]
    public void EntryCtor_UpperCaseKey_NormalizedToLowerCase()
    {
        Assert.Equal("x-mixed-case", new Metadata.Entry("X-Mixed-Case", "v").Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("colon:")]
    [InlineData(":path")]
    [InlineData("ünï")]
    [InlineData("slash/")]
    public void EntryCtor_InvalidKey_Throws(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Metadata.Entry(key, "v"));
    }

    [Theory]
    [InlineData("grpc-status")]
    [InlineData("grpc-custom")]
    [InlineData("GRPC-Timeout")]
    public void EntryCtor_ReservedGrpcPrefix_Throws(string key)
    {
        Assert.Throws<ArgumentException>(() => new Metadata.Entry(key, "v"));
    }

    [Fact]
    public void EntryCtor_BinKeyWithText_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("data-bin", "text"));
    }

    [Fact]
    public void EntryCtor_TextKeyWithBytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("data", new byte[] { 1 }));
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("line\nbreak")]
    [InlineData("\u0000")]
    [InlineData("\u007f")]
    public void EntryCtor_NonPrintableAsciiText_Throws(string value)
    {
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("k", value));
    }

    [Fact]
    public void EntryCtor_NullValue_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new Metadata.Entry("k", (string)null!));
        Assert.Throws<ArgumentNullException>(() => new Metadata.Entry("k-bin", (byte[])null!));
    }

    [Fact]
    public void Entry_Binary_ExposesBytesNotText()
    {
        var entry = new Metadata.Entry("k-bin", new byte[] { 1, 2 });

        Assert.True(entry.IsBinary);
        Assert.Equal(new byte[] { 1, 2 }, entry.ValueBytes);
        Assert.Throws<InvalidOperationException>(() => entry.Value);
    }

    [Fact]
    public void Entry_Text_ValueBytesAreAscii()
    {
        Assert.Equal("abc"u8.ToArray(), new Metadata.Entry("k", "abc").ValueBytes);
    }

    [Fact]
    public void Get_SeveralEntriesWithKey_LastWinsAndGetAllKeepsOrder()
    {
        var metadata = new Metadata { { "k", "1" }, { "other", "x" }, { "k", "2" } };

        Assert.Equal("2", metadata.GetValue("k"));
        Assert.Equal(["1", "2"], metadata.GetAll("k").Select(e => e.Value));
        Assert.Null(metadata.Get("missing"));
        Assert.Null(metadata.GetValueBytes("missing-bin"));
    }

    [Fact]
    public void ListOperations_InsertRemoveIndex_Work()
    {
        var metadata = new Metadata { { "a", "1" }, { "c", "3" } };
        var b = new Metadata.Entry("b", "2");

        metadata.Insert(1, b);
        Assert.Equal(1, metadata.IndexOf(b));
        Assert.True(metadata.Remove(b));
        metadata.RemoveAt(0);

        Assert.Equal(["c"], metadata.Select(e => e.Key));
    }

    [Fact]
    public void Empty_IsReadOnly_AddThrows()
    {
        Assert.True(Metadata.Empty.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => Metadata.Empty.Add("k", "v"));
        Assert.Empty(Metadata.Empty);
    }
}
