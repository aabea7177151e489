namespace Mmo.DatabaseService.Features.Accounts;

/// <summary>An account to create; optional texts are null when absent.</summary>
internal sealed record NewAccount(string Name, string? Email, string? PasswordHash, bool IsGuest, string? ExternalUserId = null);
