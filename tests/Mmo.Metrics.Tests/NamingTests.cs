using Mmo.Metrics.Internal;

namespace Mmo.Metrics.Tests;

public class NamingTests
{
    [Theory]
    [InlineData("mmo.world.players.active", "{player}", nameof(MetricKind.Gauge), "mmo_world_players_active")]
    [InlineData("http.server.request.duration", "s", nameof(MetricKind.Histogram), "http_server_request_duration_seconds")]
    [InlineData("mmo.world.tick.duration", "ms", nameof(MetricKind.Histogram), "mmo_world_tick_duration_milliseconds")]
    [InlineData("mmo.packet.received", "By", nameof(MetricKind.Counter), "mmo_packet_received_bytes")]
    [InlineData("mmo.world.load", "1", nameof(MetricKind.Gauge), "mmo_world_load_ratio")]
    [InlineData("mmo.world.events", "1", nameof(MetricKind.Counter), "mmo_world_events")]
    [InlineData("mmo.world.spread", "1", nameof(MetricKind.Histogram), "mmo_world_spread")]
    [InlineData("mmo.net.throughput", "By/s", nameof(MetricKind.Gauge), "mmo_net_throughput_bytes_per_second")]
    [InlineData("mmo.net.packets.rate", "{packet}/s", nameof(MetricKind.Gauge), "mmo_net_packets_rate_per_second")]
    [InlineData("mmo.gc.pause", "s", nameof(MetricKind.Counter), "mmo_gc_pause_seconds")]
    [InlineData("mmo.requests.total", "{request}", nameof(MetricKind.Counter), "mmo_requests")]
    [InlineData("mmo.cpu.time_seconds", "s", nameof(MetricKind.Counter), "mmo_cpu_time_seconds")]
    [InlineData("dotnet.assembly.count", "{assembly}", nameof(MetricKind.Gauge), "dotnet_assembly_count_current")]
    [InlineData("dotnet.gc.collections.count", "{collection}", nameof(MetricKind.Counter), "dotnet_gc_collections_count")]
    [InlineData("mmo-world/zone 7..players", null, nameof(MetricKind.Gauge), "mmo_world_zone_7_players")]
    [InlineData("7zones", null, nameof(MetricKind.Gauge), "_7zones")]
    [InlineData("mmo.größe", "", nameof(MetricKind.Gauge), "mmo_gr_e")]
    public void MetricBaseName_InstrumentNameAndUnit_FollowsPrometheusConventions(string instrument, string? unit, string kind, string expected)
    {
        var name = PrometheusNaming.MetricBaseName(instrument, unit, Enum.Parse<MetricKind>(kind), out _);

        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("s", nameof(MetricKind.Histogram), "seconds")]
    [InlineData("ms", nameof(MetricKind.Histogram), "milliseconds")]
    [InlineData("By", nameof(MetricKind.Gauge), "bytes")]
    [InlineData("KiBy", nameof(MetricKind.Gauge), "kibibytes")]
    [InlineData("{connection}", nameof(MetricKind.Gauge), "")]
    [InlineData("1", nameof(MetricKind.Gauge), "ratio")]
    [InlineData("1", nameof(MetricKind.Counter), "")]
    [InlineData("%", nameof(MetricKind.Gauge), "percent")]
    [InlineData("Cel", nameof(MetricKind.Gauge), "celsius")]
    [InlineData("widgets", nameof(MetricKind.Gauge), "widgets")]
    [InlineData("", nameof(MetricKind.Gauge), "")]
    [InlineData(null, nameof(MetricKind.Gauge), "")]
    public void Suffix_Unit_MapsToPrometheusUnitWord(string? unit, string kind, string expected)
    {
        Assert.Equal(expected, PrometheusUnits.Suffix(unit, Enum.Parse<MetricKind>(kind)));
    }

    [Theory]
    [InlineData("http.route", "http_route")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("2xx", "key_2xx")]
    [InlineData("__reserved", "_reserved")]
    [InlineData("a-b c", "a_b_c")]
    [InlineData("Zone", "Zone")]
    public void SanitizeLabelName_TagName_BecomesValidLabelName(string tag, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.SanitizeLabelName(tag));
    }

    [Fact]
    public void Scrape_CounterWithUnit_RendersTotalAfterUnit()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<double>("mmo.tests.cpu.time", "s", "CPU time.").Add(1.5);

        var samples = meter.Samples();

        Assert.Contains("mmo_tests_cpu_time_seconds_total 1.5", samples);
    }

    [Fact]
    public void Scrape_TagNamesCollideOnceSanitised_JoinsValuesInOneLabel()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.collide");

        counter.Add(1, new("zone_id", "b"), new("zone.id", "a"));

        Assert.Contains("mmo_tests_collide_total{zone_id=\"a;b\"} 1", meter.Samples());
    }
}
