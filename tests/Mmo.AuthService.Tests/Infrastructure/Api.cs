using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mmo.AuthService.Tests.Infrastructure;

/// <summary>Public-API steps shared by the tests.</summary>
internal static class Api
{
    public static string UniqueName() => "u" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<string> RegisterAndLoginAsync(AuthHost auth, string name, string password = "correct horse")
    {
        using var registered = await auth.PostJsonAsync("/api/v1/accounts", new { username = name, password }).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return await LoginAsync(auth, name, password);
    }

    public static async Task<string> LoginAsync(AuthHost auth, string name, string password)
    {
        using var login = await auth.PostJsonAsync("/api/v1/sessions", new { username = name, password }).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Created, login.StatusCode);
        var body = await login.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        return body.GetProperty("token").GetString()!;
    }

    public static async Task<string> TicketAsync(AuthHost auth, string token)
    {
        using var response = await auth.PostJsonAsync("/api/v1/tickets", new { }, token).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout()).GetProperty("ticket").GetString()!;
    }

    public static async Task<HttpResponseMessage> LogoutAsync(AuthHost auth, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/sessions/current");
        request.Headers.Authorization = new("Bearer", token);
        return await auth.Http.SendAsync(request).DefaultTimeout();
    }
}
