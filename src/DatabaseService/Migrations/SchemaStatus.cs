namespace Mmo.DatabaseService.Migrations;

/// <summary>Whether the schema is known to be up to date; until then data calls answer UNAVAILABLE and readiness fails.</summary>
internal sealed class SchemaStatus
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Completes when the schema is up to date.</summary>
    public Task WhenReady => _ready.Task;

    public void MarkReady() => _ready.TrySetResult();
}
