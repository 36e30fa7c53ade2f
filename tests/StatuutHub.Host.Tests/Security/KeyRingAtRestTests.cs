using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using StatuutHub.Host.Hosting;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Security;

/// <summary>The data-protection key ring (it signs staff sessions and anti-forgery tokens), when persisted for several processes, is
/// encrypted on disk to a certificate; a ring persisted without one is an unsafe setting outside Development.</summary>
public sealed class KeyRingAtRestTests
{
    [Fact]
    public async Task APersistedKeyRing_IsEncryptedToTheCertificate_AndSessionsStillWork()
    {
        var folder = Directory.CreateTempSubdirectory("statuut-keyring-").FullName;
        try
        {
            var certificate = Path.Combine(folder, "keyring.pfx");
            using (var made = TestCertificates.Client("CN=StatuutHub key ring"))
            {
                await File.WriteAllBytesAsync(certificate, made.Export(X509ContentType.Pfx, "keyring-password"));
            }

            var ring = Directory.CreateDirectory(Path.Combine(folder, "ring")).FullName;
            await using var hub = await TestHub.StartAsync($"--Security:DataProtectionKeysDirectory={ring}",
                $"--Security:DataProtectionCertificatePath={certificate}", "--Security:DataProtectionCertificatePassword=keyring-password");
            using var staff = await TestCredentials.StaffClientAsync(hub.Hub.BaseAddress, DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("mislukt")).StatusCode); // the session the ring signed is accepted

            var keys = Directory.GetFiles(ring, "key-*.xml");
            Assert.NotEmpty(keys);
            Assert.All(keys, file =>
            {
                var xml = File.ReadAllText(file);
                Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // no master key in clear
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AKeyRingPersistedWithoutACertificate_IsAnUnsafeSetting()
    {
        var withoutCertificate = new ConfigurationBuilder().AddInMemoryCollection([new("Security:DataProtectionKeysDirectory", "/var/lib/statuut/keys")]).Build();
        var withCertificate = new ConfigurationBuilder().AddInMemoryCollection([
            new("Security:DataProtectionKeysDirectory", "/var/lib/statuut/keys"), new("Security:DataProtectionCertificatePath", "/etc/statuut/keyring.pfx")]).Build();

        Assert.Contains(InsecureSettings.Find(withoutCertificate), f => f.StartsWith("Security:DataProtectionKeysDirectory", StringComparison.Ordinal));
        Assert.DoesNotContain(InsecureSettings.Find(withCertificate), f => f.StartsWith("Security:DataProtectionKeysDirectory", StringComparison.Ordinal));
    }
}
