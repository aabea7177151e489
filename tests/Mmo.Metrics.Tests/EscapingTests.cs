namespace Mmo.Metrics.Tests;

public class EscapingTests
{
    [Fact]
    public void Scrape_LabelValueWithBackslashQuoteAndNewline_EscapesAllThree()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<long>("mmo.tests.chat").Add(1, new KeyValuePair<string, object?>("text", "say \"hi\"\\\nbye"));

        var samples = meter.Samples();

        Assert.Contains("mmo_tests_chat_total{text=\"say \\\"hi\\\"\\\\\\nbye\"} 1", samples);
    }

    [Fact]
    public void Scrape_LabelValueWithUnicode_KeepsItAsUtf8()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<long>("mmo.tests.realm").Add(1, new KeyValuePair<string, object?>("realm", "Nørd ⚔"));

        Assert.Contains("mmo_tests_realm_total{realm=\"Nørd ⚔\"} 1", meter.Samples());
    }

    [Fact]
    public void Scrape_HelpWithBackslashNewlineAndQuote_PrometheusTextEscapesBackslashAndNewlineOnly()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<long>("mmo.tests.help", description: "Line one\nC:\\path \"quoted\"").Add(1);

        var text = meter.Scrape(ExpositionFormat.PrometheusText);

        Assert.Contains("# HELP mmo_tests_help_total Line one\\nC:\\\\path \"quoted\"\n", text);
    }

    [Fact]
    public void Scrape_HelpWithQuote_OpenMetricsEscapesQuoteToo()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<long>("mmo.tests.help", description: "Line one\nC:\\path \"quoted\"").Add(1);

        var text = meter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains("# HELP mmo_tests_help Line one\\nC:\\\\path \\\"quoted\\\"\n", text);
    }

    [Fact]
    public void Scrape_NoDescription_HelpNamesInstrumentAndMeter()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateUpDownCounter<int>("mmo.tests.nodesc").Add(1);

        Assert.Contains($"# HELP mmo_tests_nodesc mmo.tests.nodesc from meter {meter.MeterName}\n", meter.Scrape());
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(42, "42")]
    [InlineData(2.5, "2.5")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Scrape_TagValueOfType_RendersInvariantTextOrLeavesOutEmpty(object? value, string? expected)
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<long>("mmo.tests.typed").Add(1, new KeyValuePair<string, object?>("v", value));

        var sample = Assert.Single(meter.Samples(), s => s.StartsWith("mmo_tests_typed_total", StringComparison.Ordinal));

        Assert.Equal(expected is null ? "mmo_tests_typed_total 1" : $"mmo_tests_typed_total{{v=\"{expected}\"}} 1", sample);
    }

    [Fact]
    public void Scrape_TagWithNullName_LeftOutWithoutBreakingTheRecording()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.nullname");

        counter.Add(1, new KeyValuePair<string, object?>(null!, "x"));
        counter.Add(1, new KeyValuePair<string, object?>(null!, "x"));

        Assert.Contains("mmo_tests_nullname_total 2", meter.Samples());
    }
}
