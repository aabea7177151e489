using Mmo.Launcher.Features.Health;

return args switch
{
    ["health", .. var rest] => await HealthCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: mmo-launcher health [--host ADDRESS] [--wait SECONDS]
          health   asks every service of the cluster for its grpc.health.v1 status;
                   exit 0 when all are SERVING. --wait retries until then (default 0).
        """);
    return 2;
}
