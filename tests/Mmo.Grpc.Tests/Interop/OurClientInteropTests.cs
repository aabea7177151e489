using Xunit.Sdk;

namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>
/// Our client against the python and node servers, one test per case so that a failure names it; our
/// own server runs the same cases as the control (a failure there is not an interop problem).
/// </summary>
[Collection(InteropCollection.Name)]
[Trait(InteropCollection.Category, InteropCollection.CategoryValue)]
public sealed class OurClientInteropTests(InteropServers servers)
{
    /// <summary>Prerequisite check and server start-up together (each bounded at 30 s by itself).</summary>
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromSeconds(75);

    public static TheoryData<string, string> ServerCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var server in InteropServers.Names)
        {
            foreach (var name in InteropClientCases.Names)
            {
                data.Add(server, name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ServerCases))]
    public async Task OurClient_AgainstServer_PassesCase(string server, string interopCase)
    {
        var channel = await servers.GetChannelAsync(server).WaitAsync(ServerStartTimeout);
        var cases = new InteropClientCases(channel);

        try
        {
            await cases.RunAsync(interopCase).DefaultTimeout();
        }
        catch (Exception ex)
        {
            var stderr = servers.ServerStderr(server);
            var message = $"{interopCase} against the {server} server: {(ex is XunitException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}")}";
            throw new XunitException(stderr.Length > 0 ? $"{message}\n--- {server} server stderr ---\n{stderr}" : message, ex);
        }
    }
}
