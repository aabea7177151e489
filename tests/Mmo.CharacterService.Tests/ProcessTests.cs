using Grpc.Core;
using Mmo.CharacterApi.V1;
using Mmo.CharacterService.Tests.Infrastructure;
using Mmo.Grpc.Client;
using Mmo.IntegrationTests;
using static Mmo.CharacterService.Tests.CharacterFlowTests;

namespace Mmo.CharacterService.Tests;

/// <summary>The built CharacterService as a real process, wired by environment variables as ./mmo up and Kubernetes do.</summary>
public sealed class ProcessTests(CharacterFixture fixture) : IClassFixture<CharacterFixture>
{
    [Fact]
    public async Task Process_WiredByEnvironment_ServesCallsWithTheInternalKeyOnly()
    {
        await using var process = ServiceProcess.Start("CharacterService", new Dictionary<string, string>
        {
            ["Discovery__Static__Services__database__0"] = fixture.DatabaseAddress.ToString().TrimEnd('/'),
            ["ConnectionStrings__Redis"] = fixture.Redis.EndPoint,
            ["Characters__MaxPerAccount"] = "3",
        });
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress, new GrpcChannelOptions
        {
            Interceptors = { new TestCallInterceptor(TimeSpan.FromSeconds(10), internalKey: true) },
        });
        using var anonymousChannel = GrpcChannel.ForAddress(process.GrpcAddress);
        var client = new Characters.CharactersClient(channel);
        var account = await fixture.NewAccountAsync();

        var empty = await UntilListeningAsync(() => client.ListCharactersAsync(new ListCharactersRequest { AccountId = account }).ResponseAsync, process);
        var created = await client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Proc"), ClassId = "wizard" });
        var listed = await client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => new Characters.CharactersClient(anonymousChannel)
            .ListCharactersAsync(new ListCharactersRequest { AccountId = account }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        Assert.Equal(3, empty.MaxCharacters);
        Assert.Empty(empty.Characters);
        Assert.Equal(created.Id, Assert.Single(listed.Characters).Id);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    private static async Task<T> UntilListeningAsync<T>(Func<Task<T>> call, ServiceProcess process)
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < giveUpAt && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (RpcException ex)
            {
                throw new InvalidOperationException($"CharacterService did not answer: {ex.Status}\n{process.Output}", ex);
            }
        }
    }
}
