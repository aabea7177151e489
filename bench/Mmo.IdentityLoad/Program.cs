using System.Diagnostics;
using System.Net.Http.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;
using Mmo.Auth.V1;
using Mmo.CharacterApi.V1;
using Mmo.Grpc.Client;
using Mmo.IdentityLoad;

// Drives a running local cluster (./mmo up): bounded in time, loopback only.
var callers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 16;
var duration = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
var internalKey = Environment.GetEnvironmentVariable("InternalAuth__Key") ?? "mmo-development-internal-key-do-not-use-in-production";
var headers = new Metadata { { "x-internal-key", internalKey } };
using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5100"), Timeout = TimeSpan.FromSeconds(30) };
using var authChannel = GrpcChannel.ForAddress("http://127.0.0.1:5101");
using var characterChannel = GrpcChannel.ForAddress("http://127.0.0.1:5201");
var auth = new Auth.AuthClient(authChannel);
var characters = new Characters.CharactersClient(characterChannel);

// One account with a session and a character.
var user = "load" + Random.Shared.Next(100_000, 999_999);
const string password = "load-test-password-1";
(await http.PostAsJsonAsync("/api/v1/accounts", new { username = user, password })).EnsureSuccessStatusCode();
var token = await Login();
var account = await auth.ValidateSessionAsync(new ValidateSessionRequest { Token = token }, headers, DateTime.UtcNow.AddSeconds(5));
await characters.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account.AccountId, Name = "L" + user, ClassId = "knight" }, headers, DateTime.UtcNow.AddSeconds(5));

Console.WriteLine($"Cluster at 127.0.0.1 (./mmo up), {duration.TotalSeconds:N0} s per scenario, {Environment.ProcessorCount} cores.");
Console.WriteLine();
Console.WriteLine("| scenario | callers | per second | p50 µs | p99 µs | errors |");
Console.WriteLine("|---|--:|--:|--:|--:|--:|");
Console.WriteLine(await LoadLoop.RunAsync("ValidateSession (gRPC, cached)", callers, duration, _ =>
    auth.ValidateSessionAsync(new ValidateSessionRequest { Token = token }, headers, DateTime.UtcNow.AddSeconds(5)).ResponseAsync));
Console.WriteLine(await LoadLoop.RunAsync("ListCharacters (gRPC, cached)", callers, duration, _ =>
    characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.AccountId }, headers, DateTime.UtcNow.AddSeconds(5)).ResponseAsync));

// Tickets are made first (HTTP), so the timed loop measures RedeemTicket alone.
var tickets = new System.Collections.Concurrent.ConcurrentQueue<string>();
await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
{
    for (var i = 0; i < 4000 / callers; i++)
    {
        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Headers = { { "Authorization", "Bearer " + token } } });
        tickets.Enqueue((await response.Content.ReadFromJsonAsync<TicketReply>())!.Ticket);
    }
}));
var redeemed = 0;
var sw = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
{
    while (tickets.TryDequeue(out var ticket))
    {
        await auth.RedeemTicketAsync(new RedeemTicketRequest { Ticket = ticket }, headers, DateTime.UtcNow.AddSeconds(5));
        Interlocked.Increment(ref redeemed);
    }
}));
Console.WriteLine($"| RedeemTicket (gRPC, {redeemed} tickets) | {callers} | {redeemed / sw.Elapsed.TotalSeconds:N0} | | | 0 |");
Console.WriteLine(await LoadLoop.RunAsync("POST /api/v1/sessions (login)", callers, duration, _ => Login()));

// The CPU cost of one hash with the parameters AuthService uses (ASP.NET Core PasswordHasher, PBKDF2).
var hasher = new PasswordHasher<object>();
var hash = hasher.HashPassword(new object(), password);
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
for (var i = 0; i < 20; i++)
{
    hasher.VerifyHashedPassword(new object(), hash, password);
}
Console.WriteLine();
Console.WriteLine($"One password hash verification: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 20:N1} ms of CPU.");

async Task<string> Login()
{
    var response = await http.PostAsJsonAsync("/api/v1/sessions", new { username = user, password });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<SessionReply>())!.Token;
}

internal sealed record SessionReply(string Token, DateTimeOffset ExpiresAt);

internal sealed record TicketReply(string Ticket, DateTimeOffset ExpiresAt);
