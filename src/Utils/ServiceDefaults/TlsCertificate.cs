using System.Security.Cryptography.X509Certificates;

namespace Mmo.ServiceDefaults;

/// <summary>Loads the gRPC port's TLS certificate from PEM files, when configured.</summary>
internal static class TlsCertificate
{
    public static X509Certificate2? TryLoad(ServiceOptions options)
    {
        if (string.IsNullOrEmpty(options.TlsCertificatePath) || string.IsNullOrEmpty(options.TlsKeyPath)
            || !File.Exists(options.TlsCertificatePath) || !File.Exists(options.TlsKeyPath))
        {
            return null; // Cleartext, or a bad setting that options validation reports by name.
        }
        return X509Certificate2.CreateFromPemFile(options.TlsCertificatePath, options.TlsKeyPath);
    }
}
