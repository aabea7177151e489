using Microsoft.Extensions.Options;
using Npgsql;

namespace Mmo.DatabaseService.Internal;

/// <summary>Checks the connection string at start-up and says what is wrong without echoing it (it may hold a password).</summary>
internal sealed class PostgresConnectionOptionsValidator : IValidateOptions<PostgresConnectionOptions>
{
    private const string Example = "e.g. ConnectionStrings__Postgres=\"Host=127.0.0.1;Port=5432;Username=mmo;Password=...;Database=mmo\"";

    public ValidateOptionsResult Validate(string? name, PostgresConnectionOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{PostgresConnectionOptions.ConfigurationKey} is required: set the environment variable ConnectionStrings__Postgres ({Example}).");
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail($"{PostgresConnectionOptions.ConfigurationKey} is not a valid PostgreSQL connection string ({ex.Message}); {Example}.");
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return ValidateOptionsResult.Fail($"{PostgresConnectionOptions.ConfigurationKey} names no Host; {Example}.");
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            return ValidateOptionsResult.Fail($"{PostgresConnectionOptions.ConfigurationKey} names no Database; {Example}.");
        }
        return ValidateOptionsResult.Success;
    }
}
