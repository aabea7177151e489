using System.ComponentModel.DataAnnotations;

namespace Mmo.DatabaseService;

/// <summary>
/// Settings of the DatabaseService, section <c>Database</c> (env <c>Database__MaxBatchSize</c> etc.). The
/// connection string is not here: it is <c>ConnectionStrings:Postgres</c> (env <c>ConnectionStrings__Postgres</c>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending migrations at start-up (under an advisory lock). Default true; with false, the service waits, not ready, until someone runs <c>migrate</c>.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>PostgreSQL schema of the external web app's better-auth tables ("user", session, account), read but never migrated. Default <c>public</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Database:ExternalAuthSchema is required (the schema of the better-auth tables, e.g. 'public').")]
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,62}$", ErrorMessage = "Database:ExternalAuthSchema must be a plain PostgreSQL identifier: letters, digits and '_', at most 63 (e.g. 'public').")]
    public string ExternalAuthSchema { get; set; } = "public";

    /// <summary>Most character states one SaveCharacterStates call may carry. Default 5000; 1–100000.</summary>
    [Range(1, 100_000, ErrorMessage = "Database:MaxBatchSize must be between 1 and 100000.")]
    public int MaxBatchSize { get; set; } = 5000;

    /// <summary>Time a single SQL command may run, in seconds, before it fails with UNAVAILABLE. Default 30; 1–600.</summary>
    [Range(1, 600, ErrorMessage = "Database:CommandTimeoutSeconds must be between 1 and 600.")]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Time the readiness check waits for PostgreSQL to answer, in seconds. Default 3; 1–60.</summary>
    [Range(1, 60, ErrorMessage = "Database:HealthCheckTimeoutSeconds must be between 1 and 60.")]
    public int HealthCheckTimeoutSeconds { get; set; } = 3;
}
