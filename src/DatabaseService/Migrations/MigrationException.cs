namespace Mmo.DatabaseService.Migrations;

/// <summary>The database's migration history and this build disagree (an applied migration was edited, or numbering went back): fatal, needs a person.</summary>
internal sealed class MigrationException(string message) : Exception(message);
