using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Mmo.AuthService.Internal;

/// <summary>The RFC 7807 problem details the public API answers with; one place so that equal cases get equal bodies.</summary>
internal static class Problems
{
    private const string TypeBase = "https://mmo.example/problems/";

    /// <summary>
    /// Unknown user and wrong password: byte for byte the same body (no per-request trace id either), so that
    /// neither can be told apart.
    /// </summary>
    public static JsonHttpResult<ProblemDetails> InvalidCredentials() =>
        TypedResults.Json(InvalidCredentialsBody, contentType: "application/problem+json", statusCode: StatusCodes.Status401Unauthorized);

    private static readonly ProblemDetails InvalidCredentialsBody = new()
    {
        Type = TypeBase + "invalid-credentials",
        Title = "Invalid credentials",
        Status = StatusCodes.Status401Unauthorized,
        Detail = "The username or password is wrong.",
    };

    public static ProblemHttpResult Unauthenticated() =>
        Problem(StatusCodes.Status401Unauthorized, "unauthenticated", "Not signed in", "Send a valid session token: Authorization: Bearer <token>.");

    public static ProblemHttpResult Banned() =>
        Problem(StatusCodes.Status403Forbidden, "account-banned", "Account banned", "This account is banned.");

    public static ProblemHttpResult NameTaken() =>
        Problem(StatusCodes.Status409Conflict, "name-taken", "Name taken", "That username is already taken.");

    public static ProblemHttpResult TooManyAttempts() =>
        Problem(StatusCodes.Status429TooManyRequests, "too-many-attempts", "Too many attempts", "Too many failed logins; wait for the time in Retry-After.");

    public static ProblemHttpResult Unavailable() =>
        Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", "Service unavailable", "Account storage is unavailable; try again shortly.");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid request", type: TypeBase + "invalid-request");

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type);
}
