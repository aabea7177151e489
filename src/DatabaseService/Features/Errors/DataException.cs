namespace Mmo.DatabaseService.Features.Errors;

/// <summary>
/// A domain error of a data operation. Its message is written for the caller (it becomes the status
/// detail); <see cref="Details"/> become response trailers.
/// </summary>
internal sealed class DataException(DataError error, string message, IReadOnlyDictionary<string, string>? details = null)
    : Exception(message)
{
    private static readonly IReadOnlyDictionary<string, string> NoDetails = new Dictionary<string, string>();

    public DataError Error { get; } = error;

    /// <summary>Machine-readable extras, sent as trailers (lower-case ASCII keys).</summary>
    public IReadOnlyDictionary<string, string> Details { get; } = details ?? NoDetails;

    public static DataException NotFound(string message) => new(DataError.NotFound, message);

    public static DataException AlreadyExists(string message) => new(DataError.AlreadyExists, message);

    public static DataException FailedPrecondition(string message) => new(DataError.FailedPrecondition, message);

    public static DataException Conflict(string message, IReadOnlyDictionary<string, string>? details = null) => new(DataError.Conflict, message, details);
}
