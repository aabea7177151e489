using Mmo.Redis.Connection;

namespace Mmo.Redis.Tests;

public sealed class RedisOptionsTests
{
    [Fact]
    public void Parse_FullConnectionString_SetsEverySetting()
    {
        var options = RedisOptions.Parse(
            "cache.local:6380,password=p@ss,user=app,database=2,connectTimeout=5000,commandTimeout=2000,name=auth," +
            "reconnectMinDelay=10,reconnectMaxDelay=900,maxPendingCommands=50,subscriptionBufferCapacity=8,abortConnect=false");

        Assert.Equal("cache.local", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal("p@ss", options.Password);
        Assert.Equal("app", options.User);
        Assert.Equal(2, options.Database);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CommandTimeout);
        Assert.Equal("auth", options.ClientName);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.ReconnectMinDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(900), options.ReconnectMaxDelay);
        Assert.Equal(50, options.MaxPendingCommands);
        Assert.Equal(8, options.SubscriptionBufferCapacity);
    }

    [Fact]
    public void Parse_HostOnly_KeepsDefaults()
    {
        var options = RedisOptions.Parse("redis");

        Assert.Equal("redis", options.Host);
        Assert.Equal(6379, options.Port);
        Assert.Null(options.Password);
        Assert.Equal(0, options.Database);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(10_000, options.MaxPendingCommands);
    }

    [Theory]
    [InlineData("[::1]:6390", "::1", 6390)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData("::1", "::1", 6379)]
    [InlineData(" 10.0.0.5:7000 , database=1", "10.0.0.5", 7000)]
    public void Parse_EndPointForms_SplitHostAndPort(string connectionString, string host, int port)
    {
        var options = RedisOptions.Parse(connectionString);

        Assert.Equal(host, options.Host);
        Assert.Equal(port, options.Port);
    }

    [Fact]
    public void Parse_RedisUrl_SetsUserPasswordDatabaseAndQuery()
    {
        var options = RedisOptions.Parse("redis://app:s%2Cecr%40t@cache:6390/3?commandTimeout=750&name=world");

        Assert.Equal("cache", options.Host);
        Assert.Equal(6390, options.Port);
        Assert.Equal("app", options.User);
        Assert.Equal("s,ecr@t", options.Password);
        Assert.Equal(3, options.Database);
        Assert.Equal(TimeSpan.FromMilliseconds(750), options.CommandTimeout);
        Assert.Equal("world", options.ClientName);
    }

    [Fact]
    public void Parse_RedisUrlPasswordOnly_LeavesUserUnset()
    {
        var options = RedisOptions.Parse("redis://:secret@localhost");

        Assert.Null(options.User);
        Assert.Equal("secret", options.Password);
        Assert.Equal(6379, options.Port);
    }

    [Theory]
    [InlineData("host,colour=blue", "unknown setting 'colour'")]
    [InlineData("host:http", "port='http' is not an integer")]
    [InlineData("host,database=two", "database='two' is not an integer")]
    [InlineData("host,commandTimeout=0", "CommandTimeout")]
    [InlineData("host:70000", "Port")]
    [InlineData("host,reconnectMinDelay=500,reconnectMaxDelay=100", "ReconnectMaxDelay")]
    [InlineData("host,user=app", "User")]
    [InlineData("password=x", "must start with the server's host")]
    [InlineData("host,password", "'password' is not key=value")]
    [InlineData("rediss://host", "TLS")]
    [InlineData("host,ssl=true", "TLS")]
    public void Parse_InvalidConnectionString_ThrowsFormatExceptionSayingWhy(string connectionString, string reason)
    {
        var error = Assert.Throws<FormatException>(() => RedisOptions.Parse(connectionString));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void ToString_WithPassword_MasksIt()
    {
        var text = RedisOptions.Parse("h:1,password=hunter2,user=u").ToString();

        Assert.DoesNotContain("hunter2", text);
        Assert.StartsWith("h:1,user=u,password=*****", text);
    }

    [Fact]
    public void BackoffDelay_SuccessiveFailures_DoubleWithJitterUpToTheCap()
    {
        var min = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(5);
        var random = new Random(1);

        for (var failures = 0; failures < 12; failures++)
        {
            var step = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, failures));
            var delay = Backoff.Delay(failures, min, max, random).TotalMilliseconds;
            Assert.InRange(delay, step / 2, step);
        }

        Assert.InRange(Backoff.Delay(1000, min, max, random), max / 2, max);
    }
}
