namespace Mmo.DatabaseService.Features.ExternalAuth;

/// <summary>A valid better-auth session row with its user.</summary>
internal sealed record ExternalSessionRecord(string Id, DateTimeOffset ExpiresAt, ExternalUserRecord User);
