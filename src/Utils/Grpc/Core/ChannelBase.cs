namespace Grpc.Core;

/// <summary>A connection to a target that generated clients can be built on.</summary>
public abstract class ChannelBase
{
    protected ChannelBase(string target) => Target = target;

    /// <summary>The address this channel calls.</summary>
    public string Target { get; }

    /// <summary>The invoker that starts calls on this channel.</summary>
    public abstract CallInvoker CreateCallInvoker();
}
