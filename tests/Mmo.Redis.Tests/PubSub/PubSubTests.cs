using System.Threading.Channels;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.PubSub;

[Collection(RedisCollection.Name)]
public sealed class PubSubTests(RedisServerFixture fixture) : RedisTestBase
{
    private RedisClient Client => field ??= Connect(fixture.Server);

    [Fact]
    public async Task SubscribeAsync_MessagePublished_IsReceivedWithItsBytes()
    {
        var channel = NewKey();
        await using var subscription = await Client.SubscribeAsync(channel).DefaultTimeout();
        var payload = new byte[] { 0, 13, 10, 42, 255 };

        Assert.Equal(1, await Client.PublishAsync(channel, payload).DefaultTimeout());

        var message = await subscription.Messages.ReadAsync().DefaultTimeout();
        Assert.Equal(channel, message.Channel);
        Assert.Null(message.Pattern);
        Assert.Equal(payload, message.Payload);
    }

    [Fact]
    public async Task SubscribeAsync_SeveralMessages_ArriveInOrder()
    {
        var channel = NewKey();
        await using var subscription = await Client.SubscribeAsync(channel).DefaultTimeout();

        for (var i = 0; i < 50; i++)
        {
            await Client.PublishAsync(channel, $"m{i}").DefaultTimeout();
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal($"m{i}", (await subscription.Messages.ReadAsync().DefaultTimeout()).PayloadText);
        }
    }

    [Fact]
    public async Task PSubscribeAsync_MatchingChannels_ReceivesWithPatternAndChannel()
    {
        var prefix = NewKey();
        await using var subscription = await Client.PSubscribeAsync(prefix + ".*").DefaultTimeout();

        await Client.PublishAsync(prefix + ".zone1", "hello").DefaultTimeout();
        Assert.Equal(0, await Client.PublishAsync(prefix + "-other", "ignored").DefaultTimeout());

        var message = await subscription.Messages.ReadAsync().DefaultTimeout();
        Assert.Equal(prefix + ".zone1", message.Channel);
        Assert.Equal(prefix + ".*", message.Pattern);
        Assert.Equal("hello", message.PayloadText);
        Assert.True(subscription.IsPattern);
    }

    [Fact]
    public async Task UnsubscribeAsync_LastSubscription_CompletesReaderAndServerStopsDelivering()
    {
        var channel = NewKey();
        var subscription = await Client.SubscribeAsync(channel).DefaultTimeout();

        await subscription.UnsubscribeAsync().DefaultTimeout();

        Assert.Equal(0, await Client.PublishAsync(channel, "nobody").DefaultTimeout());
        await Assert.ThrowsAsync<ChannelClosedException>(() => subscription.Messages.ReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task SubscribeAsync_TwoSubscriptionsToOneChannel_BothReceiveUntilEachUnsubscribes()
    {
        var channel = NewKey();
        var first = await Client.SubscribeAsync(channel).DefaultTimeout();
        await using var second = await Client.SubscribeAsync(channel).DefaultTimeout();

        await Client.PublishAsync(channel, "one").DefaultTimeout();
        Assert.Equal("one", (await first.Messages.ReadAsync().DefaultTimeout()).PayloadText);
        Assert.Equal("one", (await second.Messages.ReadAsync().DefaultTimeout()).PayloadText);

        await first.DisposeAsync().DefaultTimeout();
        Assert.Equal(1, await Client.PublishAsync(channel, "two").DefaultTimeout());
        Assert.Equal("two", (await second.Messages.ReadAsync().DefaultTimeout()).PayloadText);
    }

    [Fact]
    public async Task SubscribeAsync_ReaderFallsBehind_DropsOldestAndCountsThem()
    {
        var client = Connect(fixture.Server, "subscriptionBufferCapacity=4");
        var channel = NewKey();
        await using var subscription = await client.SubscribeAsync(channel).DefaultTimeout();

        for (var i = 0; i < 10; i++)
        {
            await client.PublishAsync(channel, $"m{i}").DefaultTimeout();
        }

        await Poll.UntilAsync(() => Task.FromResult(subscription.DroppedMessages == 6), TimeSpan.FromSeconds(5), "6 messages were dropped");
        Assert.Equal("m6", (await subscription.Messages.ReadAsync().DefaultTimeout()).PayloadText);
    }

    [Fact]
    public async Task PublishAsync_NoSubscribers_ReturnsZero()
    {
        Assert.Equal(0, await Client.PublishAsync(NewKey(), "into the void").DefaultTimeout());
    }
}
