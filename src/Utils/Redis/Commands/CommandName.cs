using System.Buffers;
using System.Text;
using Mmo.Redis.Protocol;

namespace Mmo.Redis.Commands;

/// <summary>
/// A command's name, encoded once as the bulk strings that start it on the wire ("SCRIPT LOAD" is two words:
/// <c>$6\r\nSCRIPT\r\n$4\r\nLOAD\r\n</c>), and kept as text for error messages.
/// </summary>
internal sealed class CommandName
{
    public CommandName(string name)
    {
        Name = name;
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        WordCount = words.Length;
        var writer = new ArrayBufferWriter<byte>();
        foreach (var word in words)
        {
            RespWriter.WriteBulk(writer, Encoding.UTF8.GetBytes(word));
        }

        Encoded = writer.WrittenSpan.ToArray();
    }

    public string Name { get; }

    /// <summary>Words in the name, counted in the command's array header.</summary>
    public int WordCount { get; }

    public byte[] Encoded { get; }

    public override string ToString() => Name;
}
