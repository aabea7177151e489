namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>A command line of a peer process, run from the repository root.</summary>
public sealed record PeerCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
