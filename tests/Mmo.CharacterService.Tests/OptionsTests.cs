using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mmo.CharacterService.Features.Characters;
using Mmo.CharacterService.Tests.Infrastructure;

namespace Mmo.CharacterService.Tests;

/// <summary>Start-up validation of the Characters section: a bad setting stops the service with a message naming it.</summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData("Characters:MaxPerAccount", "0", "Characters:MaxPerAccount must be between 1 and 1000")]
    [InlineData("Characters:RestoreWindow", "00:00:10", "Characters:RestoreWindow must be between")]
    [InlineData("Characters:ListCacheTtl", "02:00:00", "Characters:ListCacheTtl must be between")]
    [InlineData("Characters:Classes:knight:Hp", "0", "Characters:Classes:knight:Hp must be between 1 and 1000000")]
    [InlineData("Characters:Classes:wizard:StartMap", "", "Characters:Classes:wizard:StartMap is required")]
    [InlineData("Characters:Classes:rogue:SpawnHeading", "360", "Characters:Classes:rogue:SpawnHeading must be in [0, 360)")]
    [InlineData("Characters:Classes:Bad Key:Hp", "10", "the class key must be 1–32 lower-case letters")]
    [InlineData("Characters:ReservedNames:13", " ", "Characters:ReservedNames:13 is empty")]
    public void Start_BadSetting_FailsNamingTheSetting(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            CharacterServiceHost.Start(new Uri("http://127.0.0.1:9"), redis: null, new Dictionary<string, string> { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoClasses_FailsNamingTheSection()
    {
        var result = new CharacterOptionsValidator().Validate(null, new CharacterOptions());

        Assert.True(result.Failed);
        Assert.Contains("Characters:Classes must define at least one class template", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ShippedAppSettings_DefineKnightRogueWizard()
    {
        await using var host = CharacterServiceHost.Start(new Uri("http://127.0.0.1:9"), redis: null);
        var options = host.Services.GetRequiredService<IOptions<CharacterOptions>>().Value;

        Assert.Superset(new HashSet<string>(["knight", "rogue", "wizard"]), options.Classes.Keys.ToHashSet());
        Assert.Equal(5, options.MaxPerAccount);
        Assert.Contains("admin", options.ReservedNames);
    }
}
