using Microsoft.Net.Http.Headers;

namespace Mmo.AuthService.Internal;

/// <summary>Reads the session token of <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal static class Bearer
{
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c> (RFC 6750) and the unauthenticated problem body.</summary>
    public static IResult Challenge(HttpContext http)
    {
        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Problems.Unauthenticated();
    }
}
