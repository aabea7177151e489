using System.Diagnostics;
using Grpc.Core;
using Mmo.Database.V1;

namespace Mmo.DatabaseBench;

/// <summary>The characters under load and their current versions.</summary>
internal sealed class World(Characters.CharactersClient characters, Metadata headers, long[] ids, long[] versions)
{
    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

    public static async Task<World> CreateAsync(Characters.CharactersClient characters, Accounts.AccountsClient accounts, Metadata headers, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var account = await accounts.CreateAccountAsync(new CreateAccountRequest { Name = $"bench-{run}" }, headers, Deadline);
        var ids = new long[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var created = await characters.CreateCharacterAsync(new CreateCharacterRequest
            {
                AccountId = account.Id, Name = $"b{run}{i}", ClassId = "knight", InitialState = State(i, 0),
            }, headers, Deadline, ct);
            ids[i] = created.Id;
        });
        return new World(characters, headers, ids, Enumerable.Repeat(1L, count).ToArray());
    }

    public int BatchRequestBytes() => Batch(0).CalculateSize();

    public async Task<List<TimeSpan>> MeasureBatchesAsync(int warmup, int iterations)
    {
        var samples = new List<TimeSpan>();
        for (var i = 0; i < warmup + iterations; i++)
        {
            var request = Batch(i + 1);
            var started = Stopwatch.GetTimestamp();
            var response = await characters.SaveCharacterStatesAsync(request, headers, Deadline);
            var elapsed = Stopwatch.GetElapsedTime(started);
            for (var j = 0; j < response.Saved.Count; j++)
            {
                versions[j] = response.Saved[j].Version;
            }
            if (i >= warmup)
            {
                samples.Add(elapsed);
            }
        }
        return samples;
    }

    public async Task<TimeSpan> MeasureSinglesAsync(int callers)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), new ParallelOptions { MaxDegreeOfParallelism = callers }, async (j, ct) =>
        {
            var saved = await characters.SaveCharacterStateAsync(new SaveCharacterStateRequest
            {
                CharacterId = ids[j], ExpectedVersion = versions[j], State = State(j, 1_000_000),
            }, headers, Deadline, ct);
            versions[j] = saved.Version;
        });
        return Stopwatch.GetElapsedTime(started);
    }

    private SaveCharacterStatesRequest Batch(int tick)
    {
        var request = new SaveCharacterStatesRequest();
        for (var j = 0; j < ids.Length; j++)
        {
            request.Updates.Add(new CharacterStateUpdate { CharacterId = ids[j], ExpectedVersion = versions[j], State = State(j, tick) });
        }
        return request;
    }

    private static CharacterState State(int index, int tick) => new()
    {
        MapId = "start_town", InstanceId = index % 4, X = index + tick * 0.5f, Y = tick % 100, Z = index * 0.25f,
        Heading = tick % 360, Hp = 100 + index % 50, Mp = 50, Level = 1 + index % 60, Experience = tick * 10L,
    };
}
