using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;

namespace Mmo.DatabaseService.Tests;

public sealed class CharacterStateTests(PostgresFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task SaveCharacterState_ExpectedVersion_SavesAndBumpsVersion()
    {
        var character = await NewCharacterAsync((await NewAccountAsync()).Id);
        var state = Moved(character.State, x: 42, experience: 500);

        var saved = await Host.Characters.SaveCharacterStateAsync(new SaveCharacterStateRequest { CharacterId = character.Id, ExpectedVersion = 1, State = state });
        var read = await Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = character.Id });

        Assert.Equal(2, saved.Version);
        Assert.Equal(2, read.Version);
        Assert.Equal(state, read.State);
        Assert.Equal(saved.SavedAt, read.SavedAt);
    }

    [Fact]
    public async Task SaveCharacterState_StaleVersion_AbortedAndNothingWritten()
    {
        var character = await NewCharacterAsync((await NewAccountAsync()).Id);
        await Host.Characters.SaveCharacterStateAsync(new SaveCharacterStateRequest { CharacterId = character.Id, ExpectedVersion = 1, State = Moved(character.State, x: 1) });

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.SaveCharacterStateAsync(new SaveCharacterStateRequest
        {
            CharacterId = character.Id, ExpectedVersion = 1, State = Moved(character.State, x: 2),
        }).ResponseAsync);
        var read = await Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = character.Id });

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal(character.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Trailers.GetValue("mmo-conflicting-character-ids"));
        Assert.Equal(1, read.State.X);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task SaveCharacterState_UnknownCharacter_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.SaveCharacterStateAsync(new SaveCharacterStateRequest
        {
            CharacterId = long.MaxValue, ExpectedVersion = 1, State = StartState(),
        }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task SaveCharacterStates_Batch_SavesAllInRequestOrder()
    {
        var account = await NewAccountAsync();
        var characters = new List<Character>();
        for (var i = 0; i < 5; i++)
        {
            characters.Add(await NewCharacterAsync(account.Id));
        }
        characters.Reverse();
        var request = new SaveCharacterStatesRequest();
        request.Updates.AddRange(characters.Select((c, i) => new CharacterStateUpdate { CharacterId = c.Id, ExpectedVersion = 1, State = Moved(c.State, x: i, experience: i * 10) }));

        var response = await Host.Characters.SaveCharacterStatesAsync(request);
        var stored = (await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id })).Characters.ToDictionary(c => c.Id);

        Assert.Equal(characters.Select(c => c.Id), response.Saved.Select(s => s.CharacterId));
        Assert.All(response.Saved, s => Assert.Equal(2, s.Version));
        Assert.All(request.Updates, u => Assert.Equal(u.State, stored[u.CharacterId].State));
        Assert.All(stored.Values, c => Assert.Equal(response.SavedAt, c.SavedAt));
    }

    [Fact]
    public async Task SaveCharacterStates_OneStaleVersion_AbortedAndNothingPartialWritten()
    {
        var account = await NewAccountAsync();
        var a = await NewCharacterAsync(account.Id);
        var b = await NewCharacterAsync(account.Id);
        var c = await NewCharacterAsync(account.Id);
        await Host.Characters.SaveCharacterStateAsync(new SaveCharacterStateRequest { CharacterId = b.Id, ExpectedVersion = 1, State = Moved(b.State, x: 7) });

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.SaveCharacterStatesAsync(new SaveCharacterStatesRequest
        {
            Updates =
            {
                new CharacterStateUpdate { CharacterId = a.Id, ExpectedVersion = 1, State = Moved(a.State, x: 99) },
                new CharacterStateUpdate { CharacterId = b.Id, ExpectedVersion = 1, State = Moved(b.State, x: 99) },
                new CharacterStateUpdate { CharacterId = c.Id, ExpectedVersion = 1, State = Moved(c.State, x: 99) },
            },
        }).ResponseAsync);
        var stored = (await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id })).Characters.ToDictionary(x => x.Id);

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal(b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Trailers.GetValue("mmo-conflicting-character-ids"));
        Assert.Equal((1L, 10.5f), (stored[a.Id].Version, stored[a.Id].State.X));
        Assert.Equal((2L, 7f), (stored[b.Id].Version, stored[b.Id].State.X));
        Assert.Equal((1L, 10.5f), (stored[c.Id].Version, stored[c.Id].State.X));
    }

    [Fact]
    public async Task SaveCharacterStates_UnknownCharacterInBatch_NotFoundAndNothingWritten()
    {
        var a = await NewCharacterAsync((await NewAccountAsync()).Id);

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.SaveCharacterStatesAsync(new SaveCharacterStatesRequest
        {
            Updates =
            {
                new CharacterStateUpdate { CharacterId = a.Id, ExpectedVersion = 1, State = Moved(a.State, x: 99) },
                new CharacterStateUpdate { CharacterId = long.MaxValue, ExpectedVersion = 1, State = StartState() },
            },
        }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(1, (await Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = a.Id })).Version);
    }

    /// <summary>
    /// Several world writers save overlapping batches of the same characters at once, each retrying after
    /// ABORTED from fresh versions. Every successful batch adds 1 experience to every character, so no lost
    /// update means: each character's experience equals the number of successful batches, and its version
    /// that number plus one. Equal values across characters also show that no batch was written in part.
    /// </summary>
    [Fact]
    public async Task SaveCharacterStates_ConcurrentOverlappingBatches_LoseNoUpdate()
    {
        var account = await NewAccountAsync();
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await NewCharacterAsync(account.Id)).Id);
        }
        const int Writers = 6;
        const int SavesPerWriter = 5;
        var aborted = 0;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            // Each writer lists the characters in its own order, to provoke lock-order deadlocks if any were possible.
            var order = writer % 2 == 0 ? ids : Enumerable.Reverse(ids).ToList();
            for (var done = 0; done < SavesPerWriter;)
            {
                var current = (await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id })).Characters.ToDictionary(c => c.Id);
                var request = new SaveCharacterStatesRequest();
                request.Updates.AddRange(order.Select(id => new CharacterStateUpdate
                {
                    CharacterId = id, ExpectedVersion = current[id].Version, State = Moved(current[id].State, experience: current[id].State.Experience + 1),
                }));
                try
                {
                    await Host.Characters.SaveCharacterStatesAsync(request);
                    done++;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Aborted)
                {
                    Interlocked.Increment(ref aborted);
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(90));
        var stored = (await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id })).Characters;

        Assert.All(stored, c => Assert.Equal(Writers * SavesPerWriter, c.State.Experience));
        Assert.All(stored, c => Assert.Equal(Writers * SavesPerWriter + 1, c.Version));
        Assert.True(aborted > 0, "The writers never collided, so the test proved nothing; make them overlap more.");
    }

    private static CharacterState Moved(CharacterState state, float? x = null, long? experience = null)
    {
        var moved = state.Clone();
        moved.X = x ?? moved.X;
        moved.Experience = experience ?? moved.Experience;
        return moved;
    }
}
