namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>Finds the repository the tests were built from, so that the peers under tests/interop/ can be started.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The repository root: peers run with it as their working directory.</summary>
    public static string RepositoryRoot => Root.Value;

    public static string InteropDirectory => Path.Combine(RepositoryRoot, "tests", "interop");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tests", "interop", "README.md")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No tests/interop/README.md above {AppContext.BaseDirectory}: the interop tests must run from a build inside the repository.");
    }
}
