using Mmo.CharacterApi.V1;
using Mmo.CharacterService.Tests.Infrastructure;
using static Mmo.CharacterService.Tests.CharacterFlowTests;

namespace Mmo.CharacterService.Tests;

/// <summary>Redis stopped under a running service: every call still answers from the DatabaseService. Own fixture, since it kills its Redis.</summary>
public sealed class RedisOutageTests(CharacterFixture fixture) : IClassFixture<CharacterFixture>
{
    private Characters.CharactersClient Client => fixture.Client;

    [Fact]
    public async Task RedisStopped_EveryCallWorksFromTheDatabase_AndCacheResumesWhenBack()
    {
        var account = await fixture.NewAccountAsync();
        var first = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Out"), ClassId = "knight" });
        await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account }); // warm the cache

        await fixture.Redis.KillAsync();
        var second = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Out"), ClassId = "rogue" });
        var afterCreate = await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });
        await Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account, CharacterId = first.Id });
        var afterDelete = await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });
        await Client.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account, CharacterId = first.Id });
        var selected = await Client.SelectCharacterAsync(new SelectCharacterRequest { AccountId = account, CharacterId = second.Id });

        Assert.Equal([first.Id, second.Id], afterCreate.Characters.Select(c => c.Id));
        Assert.Equal([second.Id], afterDelete.Characters.Select(c => c.Id));
        Assert.Equal(second.Name, selected.Name);
        Assert.Contains(fixture.Host.Logs.Entries, e => e.Message.Contains("Redis is unavailable", StringComparison.Ordinal));

        await fixture.Redis.RestartAsync();
        var afterRestart = await PollAsync(async () =>
        {
            var list = await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });
            await using var redis = new Mmo.Redis.RedisClient(fixture.Redis.EndPoint);
            return await redis.ExistsAsync($"mmo:character:list:{account}") ? list : null;
        });
        Assert.Equal([first.Id, second.Id], afterRestart.Characters.Select(c => c.Id));
        Assert.Empty(fixture.Host.Logs.Errors);
    }

    /// <summary>The client reconnects by itself; poll (bounded) until it has.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T?>> attempt) where T : class
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await attempt() is { } result)
            {
                return result;
            }
            Assert.True(DateTime.UtcNow < giveUpAt, "the cache did not resume within 20 s of Redis coming back");
            await Task.Delay(100);
        }
    }
}
