using Grpc.Core;
using Microsoft.Extensions.Options;
using Mmo.CharacterApi.V1;
using Mmo.CharacterService.Diagnostics;
using Mmo.CharacterService.Features.Characters;
using Db = Mmo.Database.V1;

namespace Mmo.CharacterService.Grpc;

/// <summary>
/// mmo.character.v1.Characters: check → map → call the DatabaseService → map. Every input is checked and bounded
/// before any data call; statuses come from <see cref="CharacterErrorInterceptor"/>. Cache invalidation after a write
/// ignores the caller's cancellation (bounded by the Redis command timeout): once the database changed, a caller
/// hanging up must not leave a stale list behind.
/// </summary>
internal sealed class CharactersGrpcService(
    Db.Characters.CharactersClient database,
    CharacterListCache cache,
    NameRules names,
    ClassCatalog classes,
    IOptions<CharacterOptions> options,
    CharacterMetrics metrics,
    ILogger<CharactersGrpcService> logger) : Characters.CharactersBase
{
    private readonly CharacterOptions _options = options.Value;

    public override async Task<ListCharactersResponse> ListCharacters(ListCharactersRequest request, ServerCallContext context)
    {
        var accountId = Id(request.AccountId, "account_id");
        var ct = context.CancellationToken;
        var (all, generation) = await cache.GetAsync(accountId, ct);
        if (all is null)
        {
            all = await database.ListCharactersAsync(new Db.ListCharactersRequest { AccountId = accountId, IncludeDeleted = true }, cancellationToken: ct);
            await cache.SetAsync(accountId, all, generation, ct);
        }
        var response = new ListCharactersResponse { MaxCharacters = _options.MaxPerAccount };
        foreach (var character in all.Characters)
        {
            if (request.IncludeDeleted || character.DeletedAt is null)
            {
                response.Characters.Add(character.ToSummary(_options.RestoreWindow));
            }
        }
        return response;
    }

    public override async Task<CharacterSummary> CreateCharacter(CreateCharacterRequest request, ServerCallContext context)
    {
        var accountId = Id(request.AccountId, "account_id");
        var name = names.Check(request.Name);
        var (classId, template) = classes.Get(request.ClassId);
        var created = await database.CreateCharacterAsync(new Db.CreateCharacterRequest
        {
            AccountId = accountId,
            Name = name,
            ClassId = classId,
            InitialState = template.InitialState(),
            MaxCharacters = _options.MaxPerAccount,
        }, cancellationToken: context.CancellationToken);
        await cache.InvalidateAsync(accountId, CancellationToken.None);
        metrics.Created();
        CharacterLog.Created(logger, created.Id, created.Name, created.ClassId, accountId);
        return created.ToSummary(_options.RestoreWindow);
    }

    public override async Task<CharacterSummary> DeleteCharacter(DeleteCharacterRequest request, ServerCallContext context)
    {
        var accountId = Id(request.AccountId, "account_id");
        var deleted = await database.DeleteCharacterAsync(new Db.DeleteCharacterRequest
        {
            AccountId = accountId,
            CharacterId = Id(request.CharacterId, "character_id"),
        }, cancellationToken: context.CancellationToken);
        await cache.InvalidateAsync(accountId, CancellationToken.None);
        return deleted.ToSummary(_options.RestoreWindow);
    }

    public override async Task<CharacterSummary> RestoreCharacter(RestoreCharacterRequest request, ServerCallContext context)
    {
        var accountId = Id(request.AccountId, "account_id");
        var restored = await database.RestoreCharacterAsync(new Db.RestoreCharacterRequest
        {
            AccountId = accountId,
            CharacterId = Id(request.CharacterId, "character_id"),
            RestoreWindow = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(_options.RestoreWindow),
            MaxCharacters = _options.MaxPerAccount,
        }, cancellationToken: context.CancellationToken);
        await cache.InvalidateAsync(accountId, CancellationToken.None);
        return restored.ToSummary(_options.RestoreWindow);
    }

    public override async Task<SelectedCharacter> SelectCharacter(SelectCharacterRequest request, ServerCallContext context)
    {
        var character = await database.GetCharacterAsync(new Db.GetCharacterRequest
        {
            AccountId = Id(request.AccountId, "account_id"),
            CharacterId = Id(request.CharacterId, "character_id"),
            IncludeDeleted = false,
        }, cancellationToken: context.CancellationToken);
        return character.ToSelected(classes.Find(character.ClassId));
    }

    private static long Id(long value, string field) =>
        value > 0 ? value : throw new CharacterException(CharacterError.InvalidArgument, $"{field} must be a positive id.");
}
