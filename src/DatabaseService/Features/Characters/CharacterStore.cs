using Microsoft.EntityFrameworkCore;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.Errors;
using Mmo.DatabaseService.Internal;

namespace Mmo.DatabaseService.Features.Characters;

/// <summary>
/// Reads and writes <c>mmo.characters</c> with their state. Creates and restores of one account run
/// under a row lock on the account, so the per-account limit holds against concurrent calls; name
/// uniqueness is the database's unique index (ALREADY_EXISTS through the error mapping).
/// </summary>
internal sealed class CharacterStore(MmoDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<CharacterRow>> ListAsync(long accountId, bool includeDeleted, CancellationToken cancellationToken) =>
        await db.Characters.AsNoTracking().Include(c => c.State)
            .Where(c => c.AccountId == accountId && (includeDeleted || c.DeletedAt == null))
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);

    public async Task<CharacterRow> CreateAsync(NewCharacter character, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAccountAsync(character.AccountId, cancellationToken);
        await EnsureBelowLimitAsync(character.AccountId, character.MaxCharacters, cancellationToken);
        var now = time.GetDatabaseNow();
        var row = new CharacterRow
        {
            AccountId = character.AccountId,
            Name = character.Name,
            ClassId = character.ClassId,
            CreatedAt = now,
            State = character.State.ToRow(version: 1, savedAt: now),
        };
        db.Characters.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row;
    }

    public async Task<CharacterRow> DeleteAsync(long accountId, long characterId, CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var deleted = await db.Characters
            .Where(c => c.Id == characterId && c.AccountId == accountId && c.DeletedAt == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.DeletedAt, now), cancellationToken);
        var row = await FindOwnedAsync(accountId, characterId, tracked: false, cancellationToken);
        return deleted == 1 ? row : throw DataException.FailedPrecondition($"Character {characterId} is already deleted.");
    }

    public async Task<CharacterRow> RestoreAsync(long accountId, long characterId, TimeSpan restoreWindow, int maxCharacters, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAccountAsync(accountId, cancellationToken, notFoundMessage: NotFoundMessage(characterId));
        var row = await FindOwnedAsync(accountId, characterId, tracked: true, cancellationToken);
        if (row.DeletedAt is not { } deletedAt)
        {
            throw DataException.FailedPrecondition($"Character {characterId} is not deleted.");
        }
        if (time.GetDatabaseNow() > deletedAt + restoreWindow)
        {
            throw DataException.FailedPrecondition($"Character {characterId} was deleted too long ago to be restored.");
        }
        await EnsureBelowLimitAsync(accountId, maxCharacters, cancellationToken);
        row.DeletedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row;
    }

    /// <summary>A character by id; <paramref name="accountId"/> 0 for any owner.</summary>
    public async Task<CharacterRow> GetAsync(long characterId, long accountId, bool includeDeleted, CancellationToken cancellationToken)
    {
        var row = await db.Characters.AsNoTracking().Include(c => c.State)
            .FirstOrDefaultAsync(c => c.Id == characterId && (accountId == 0 || c.AccountId == accountId), cancellationToken);
        return row is not null && (includeDeleted || row.DeletedAt is null) ? row : throw DataException.NotFound(NotFoundMessage(characterId));
    }

    private async Task<CharacterRow> FindOwnedAsync(long accountId, long characterId, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.Characters : db.Characters.AsNoTracking();
        return await query.Include(c => c.State).FirstOrDefaultAsync(c => c.Id == characterId && c.AccountId == accountId, cancellationToken)
            ?? throw DataException.NotFound(NotFoundMessage(characterId));
    }

    /// <summary>Serialises this account's creates and restores until the transaction ends (FOR NO KEY UPDATE does not block FK inserts).</summary>
    private async Task LockAccountAsync(long accountId, CancellationToken cancellationToken, string? notFoundMessage = null)
    {
        var found = await db.Database
            .SqlQuery<long>($"SELECT id AS \"Value\" FROM mmo.accounts WHERE id = {accountId} FOR NO KEY UPDATE")
            .ToListAsync(cancellationToken);
        if (found.Count == 0)
        {
            throw DataException.NotFound(notFoundMessage ?? $"Account {accountId} does not exist.");
        }
    }

    private async Task EnsureBelowLimitAsync(long accountId, int maxCharacters, CancellationToken cancellationToken)
    {
        if (maxCharacters > 0 && await db.Characters.CountAsync(c => c.AccountId == accountId && c.DeletedAt == null, cancellationToken) >= maxCharacters)
        {
            throw DataException.FailedPrecondition($"The account already has the most characters allowed ({maxCharacters}).");
        }
    }

    private static string NotFoundMessage(long characterId) => $"Character {characterId} does not exist or is not this account's.";
}
