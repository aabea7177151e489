using Microsoft.Extensions.Options;

namespace Mmo.AuthService.Features.Realms;

/// <summary>GET /api/v1/realms and GET /api/v1/version, both from configuration (section Auth).</summary>
internal static class RealmEndpoints
{
    /// <summary>One realm of GET /api/v1/realms.</summary>
    public sealed record Realm(string Name, string Status, string Population);

    /// <summary>Answer of GET /api/v1/version.</summary>
    public sealed record VersionResponse(string RequiredClientVersion, string? DownloadUrl);

    public static RouteGroupBuilder MapRealms(this RouteGroupBuilder api)
    {
        api.MapGet("/realms", (IOptions<AuthOptions> options) =>
            TypedResults.Ok(options.Value.Realms.Select(r => new Realm(r.Name, r.Status, r.Population)).ToArray()));
        api.MapGet("/version", (IOptions<AuthOptions> options) =>
            TypedResults.Ok(new VersionResponse(options.Value.RequiredClientVersion, options.Value.ClientDownloadUrl)));
        return api;
    }
}
