namespace Mmo.DatabaseService.Features.Errors;

/// <summary>What went wrong with a data request, as the domain sees it; the gRPC edge turns it into a status.</summary>
internal enum DataError
{
    /// <summary>The record does not exist (or is not the caller's). NOT_FOUND.</summary>
    NotFound,

    /// <summary>A unique rule would be broken, e.g. a taken name. ALREADY_EXISTS.</summary>
    AlreadyExists,

    /// <summary>The record is not in a state that allows the operation. FAILED_PRECONDITION.</summary>
    FailedPrecondition,

    /// <summary>Someone else changed the record since the caller read it. ABORTED.</summary>
    Conflict,

    /// <summary>The request itself is wrong. INVALID_ARGUMENT.</summary>
    InvalidArgument,
}
