using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StatuutHub.Delivery.Authentication;

/// <summary>The socket handler of a destination: its client certificate (mutual TLS) and, when pinned, which server
/// certificates it accepts. The certificate is loaded when the handler is made: the dispatcher holds its adapters for the
/// life of the process, so a renewed certificate file takes effect at the next restart.</summary>
public static class OutboundTls
{
    public static HttpMessageHandler Handler(OutboundAuthenticationOptions auth)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        if (auth.UsesClientCertificate)
        {
            handler.SslOptions.ClientCertificates = [auth.LoadClientCertificate()];
        }

        if (auth.ServerCertificateThumbprints.Count > 0)
        {
            var pins = auth.ServerCertificateThumbprints.ToHashSet(StringComparer.OrdinalIgnoreCase);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && pins.Contains(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())));
        }

        return handler;
    }
}
