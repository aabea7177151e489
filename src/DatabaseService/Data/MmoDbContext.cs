using Microsoft.EntityFrameworkCore;
using Mmo.DatabaseService.Data.Configuration;

namespace Mmo.DatabaseService.Data;

/// <summary>
/// The EF Core model of our tables in schema <c>mmo</c>. The schema itself is created by the SQL files in
/// Migrations/Sql, not by EF; a test proves the two agree (tables, columns, types, nullability, keys,
/// indexes, checks), so every change goes into both.
/// </summary>
internal sealed class MmoDbContext(DbContextOptions<MmoDbContext> options) : DbContext(options)
{
    /// <summary>The PostgreSQL schema of every table we own.</summary>
    public const string Schema = "mmo";

    public DbSet<AccountRow> Accounts => Set<AccountRow>();

    public DbSet<SessionRow> Sessions => Set<SessionRow>();

    public DbSet<GameTicketRow> GameTickets => Set<GameTicketRow>();

    public DbSet<CharacterRow> Characters => Set<CharacterRow>();

    public DbSet<CharacterStateRow> CharacterStates => Set<CharacterStateRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new AccountRowConfiguration());
        modelBuilder.ApplyConfiguration(new SessionRowConfiguration());
        modelBuilder.ApplyConfiguration(new GameTicketRowConfiguration());
        modelBuilder.ApplyConfiguration(new CharacterRowConfiguration());
        modelBuilder.ApplyConfiguration(new CharacterStateRowConfiguration());
    }
}
