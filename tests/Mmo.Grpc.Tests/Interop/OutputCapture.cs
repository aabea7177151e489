using System.Text;

namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>Collects the lines a process writes to one of its streams; written from the process's reader thread.</summary>
internal sealed class OutputCapture
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public void Add(string line)
    {
        lock (_lock)
        {
            _text.Append(line).Append('\n');
        }
    }
}
