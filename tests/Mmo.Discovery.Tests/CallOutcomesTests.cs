using System.Net.Sockets;
using Grpc.Core;
using Mmo.Discovery.Balancing;

namespace Mmo.Discovery.Tests;

/// <summary>What a final status says about the endpoint, as the breaker counts it.</summary>
public sealed class CallOutcomesTests
{
    public static TheoryData<Status, string> Statuses => new()
    {
        { Status.DefaultSuccess, nameof(CallOutcome.Answered) },
        { new Status(StatusCode.NotFound, "no such player"), nameof(CallOutcome.Answered) },
        { new Status(StatusCode.Internal, "bug"), nameof(CallOutcome.Answered) },
        { new Status(StatusCode.Cancelled, ""), nameof(CallOutcome.Ignored) },
        { new Status(StatusCode.DeadlineExceeded, ""), nameof(CallOutcome.Failed) },
        { new Status(StatusCode.Unavailable, "overloaded"), nameof(CallOutcome.Failed) },
        { new Status(StatusCode.Unavailable, "reset", new HttpRequestException("x", new IOException("reset"))), nameof(CallOutcome.TransportFailed) },
        { new Status(StatusCode.Unavailable, "refused", new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused))), nameof(CallOutcome.NotSent) },
        { new Status(StatusCode.Internal, "closed", new HttpRequestException(HttpRequestError.HttpProtocolError, "closed", new HttpProtocolException(0x0, "NO_ERROR", null))), nameof(CallOutcome.TransportFailed) },
        { new Status(StatusCode.Unavailable, "refused stream", new HttpProtocolException(0x7, "REFUSED_STREAM", null)), nameof(CallOutcome.NotSent) },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Classify_Status_SaysWhatItMeansForTheEndpoint(Status status, string expected) =>
        Assert.Equal(Enum.Parse<CallOutcome>(expected), CallOutcomes.Classify(status));
}
