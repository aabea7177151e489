using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mmo.CharacterService.Diagnostics;
using Mmo.CharacterService.Features.Characters;
using Mmo.CharacterService.Grpc;
using Mmo.Database.V1;
using Mmo.Discovery;
using Mmo.Grpc.Server;
using Mmo.Redis;

namespace Mmo.CharacterService;

/// <summary>The CharacterService's composition: validated options, the DatabaseService client, the list cache and the error interceptor.</summary>
public static class CharacterServiceExtensions
{
    /// <summary>Registers everything the service needs; call after <c>AddServiceDefaults()</c>.</summary>
    public static WebApplicationBuilder AddCharacterService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CharacterOptions>().BindConfiguration(CharacterOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CharacterOptions>, CharacterOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddGrpcServiceClient<Characters.CharactersClient>("database");
        services.AddSingleton<CharacterMetrics>();
        services.AddSingleton<NameRules>();
        services.AddSingleton<ClassCatalog>();
        // Without ConnectionStrings:Redis there is no IRedisClient: the cache is then off and every list reads the database.
        services.AddSingleton(sp => new CharacterListCache(sp.GetService<IRedisClient>(), sp.GetRequiredService<IOptions<CharacterOptions>>(), sp.GetRequiredService<CharacterMetrics>(), sp.GetRequiredService<ILogger<CharacterListCache>>()));

        services.AddSingleton<CharacterErrorInterceptor>();
        services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<CharacterErrorInterceptor>());
        return builder;
    }
}
