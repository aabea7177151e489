using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Mmo.Grpc.Client;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.IntegrationTests;

/// <summary>With a certificate configured, the gRPC port speaks HTTP/2 over TLS.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmo-tls-").FullName;

    [Fact]
    public async Task Service_WithTlsCertificate_ServesGrpcOverTls()
    {
        var (certPath, keyPath, certificate) = CreateSelfSigned();
        await using var process = ServiceProcess.Start("AuthService", new Dictionary<string, string>
        {
            ["Service__TlsCertificatePath"] = certPath,
            ["Service__TlsKeyPath"] = keyPath,
        });
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust exactly the certificate this test made.
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.GetCertHashString(),
            },
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{process.GrpcPort}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpHandler = true });
        var client = new Health.HealthClient(channel);

        var status = await StartupWait.UntilServingAsync(process, client);

        Assert.Equal(ServingStatus.Serving, status);
    }

    [Fact]
    public async Task Service_WithCertificateButNoKey_ExitsNamingTheSettings()
    {
        var (certPath, _, _) = CreateSelfSigned();
        await using var process = ServiceProcess.Start("AuthService", new Dictionary<string, string> { ["Service__TlsCertificatePath"] = certPath });

        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("Service:TlsKeyPath", process.Output);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string CertPath, string KeyPath, X509Certificate2 Certificate) CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(_dir, "cert.pem");
        var keyPath = Path.Combine(_dir, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath, certificate);
    }
}
