using Grpc.Core;
using Microsoft.Extensions.Options;
using Mmo.Database.V1;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Diagnostics;
using Mmo.DatabaseService.Features.Characters;
using static Mmo.DatabaseService.Grpc.RequestGuard;

namespace Mmo.DatabaseService.Grpc;

/// <summary>mmo.database.v1.Characters: check → map → call → map.</summary>
internal sealed class CharactersGrpcService(CharacterStore store, CharacterStateWriter writer, IOptions<DatabaseOptions> options, DatabaseMetrics metrics)
    : Characters.CharactersBase
{
    public override async Task<ListCharactersResponse> ListCharacters(ListCharactersRequest request, ServerCallContext context)
    {
        var rows = await store.ListAsync(Id(request.AccountId, "account_id"), request.IncludeDeleted, context.CancellationToken);
        return new ListCharactersResponse { Characters = { rows.Select(r => r.ToProto()) } };
    }

    public override async Task<Character> CreateCharacter(CreateCharacterRequest request, ServerCallContext context)
    {
        var character = new NewCharacter(
            Id(request.AccountId, "account_id"),
            Text(request.Name, "name", Limits.CharacterName),
            Text(request.ClassId, "class_id", Limits.ClassId),
            State(request.InitialState, "initial_state"),
            MaxCharacters(request.MaxCharacters, "max_characters"));
        var row = await store.CreateAsync(character, context.CancellationToken);
        return row.ToProto();
    }

    public override async Task<Character> DeleteCharacter(DeleteCharacterRequest request, ServerCallContext context)
    {
        var row = await store.DeleteAsync(Id(request.AccountId, "account_id"), Id(request.CharacterId, "character_id"), context.CancellationToken);
        return row.ToProto();
    }

    public override async Task<Character> RestoreCharacter(RestoreCharacterRequest request, ServerCallContext context)
    {
        var row = await store.RestoreAsync(
            Id(request.AccountId, "account_id"),
            Id(request.CharacterId, "character_id"),
            Duration(request.RestoreWindow, "restore_window", Limits.MinRestoreWindow, Limits.MaxLifetime),
            MaxCharacters(request.MaxCharacters, "max_characters"),
            context.CancellationToken);
        return row.ToProto();
    }

    public override async Task<Character> GetCharacter(GetCharacterRequest request, ServerCallContext context)
    {
        if (request.AccountId < 0)
        {
            Fail("account_id", "must be 0 (any owner) or a positive id");
        }
        var row = await store.GetAsync(Id(request.CharacterId, "character_id"), request.AccountId, request.IncludeDeleted, context.CancellationToken);
        return row.ToProto();
    }

    public override async Task<SaveCharacterStateResponse> SaveCharacterState(SaveCharacterStateRequest request, ServerCallContext context)
    {
        var save = new CharacterStateSave(Id(request.CharacterId, "character_id"), Id(request.ExpectedVersion, "expected_version"), State(request.State, "state"));
        var (versions, savedAt) = await writer.SaveAsync([save], context.CancellationToken);
        metrics.StatesSaved(1);
        return new SaveCharacterStateResponse { Version = versions[0], SavedAt = ProtoMapper.Time(savedAt) };
    }

    public override async Task<SaveCharacterStatesResponse> SaveCharacterStates(SaveCharacterStatesRequest request, ServerCallContext context)
    {
        var saves = ToSaves(request.Updates, options.Value.MaxBatchSize);
        var (versions, savedAt) = await writer.SaveAsync(saves, context.CancellationToken);
        metrics.StatesSaved(saves.Length);
        var response = new SaveCharacterStatesResponse { SavedAt = ProtoMapper.Time(savedAt) };
        for (var i = 0; i < saves.Length; i++)
        {
            response.Saved.Add(new SavedCharacterState { CharacterId = saves[i].CharacterId, Version = versions[i] });
        }
        return response;
    }

    private static CharacterStateSave[] ToSaves(IReadOnlyList<CharacterStateUpdate> updates, int maxBatchSize)
    {
        if (updates.Count == 0 || updates.Count > maxBatchSize)
        {
            Fail("updates", $"must hold 1 to {maxBatchSize} saves (Database:MaxBatchSize)");
        }
        var saves = new CharacterStateSave[updates.Count];
        var seen = new HashSet<long>(updates.Count);
        for (var i = 0; i < updates.Count; i++)
        {
            var update = updates[i];
            var field = $"updates[{i}]";
            saves[i] = new CharacterStateSave(Id(update.CharacterId, field + ".character_id"), Id(update.ExpectedVersion, field + ".expected_version"), State(update.State, field + ".state"));
            if (!seen.Add(update.CharacterId))
            {
                Fail(field + ".character_id", "names a character already in this batch");
            }
        }
        return saves;
    }
}
