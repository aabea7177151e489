namespace Mmo.DatabaseService.Features.ExternalAuth;

/// <summary>A better-auth "user" row, the columns we read.</summary>
internal sealed record ExternalUserRecord(string Id, string Name, string Email, bool EmailVerified);
