namespace Mmo.DatabaseService;

/// <summary>The PostgreSQL connection string, from <c>ConnectionStrings:Postgres</c> (env <c>ConnectionStrings__Postgres</c>); validated at start-up.</summary>
public sealed class PostgresConnectionOptions
{
    /// <summary>The configuration key, as error messages name it.</summary>
    public const string ConfigurationKey = "ConnectionStrings:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=mmo;Password=…;Database=mmo</c>. Required; no default.</summary>
    public string? ConnectionString { get; set; }
}
