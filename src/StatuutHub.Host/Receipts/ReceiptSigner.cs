using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StatuutHub.Host.Receipts;

/// <summary>The key that signs receipts (<c>Receipts:SigningKeyPem</c>, an EC P-256 private key in PEM; <c>Receipts:KeyId</c>), and
/// the public half published at <c>/.well-known/statuut-receipt-keys</c>. Demo mode without a configured key makes one for the run.
/// After a rotation the public keys of earlier ones (<c>Receipts:PreviousPublicKeys:{keyId}</c>, PEM) still verify the receipts they
/// signed, chosen by the key id in the receipt's header, and stay in the published set.</summary>
public sealed class ReceiptSigner
{
    private readonly ECDsaSecurityKey? _key;

    public ReceiptSigner(IConfiguration configuration, ILogger<ReceiptSigner> logger)
    {
        var pem = configuration["Receipts:SigningKeyPem"];
        var keyId = configuration["Receipts:KeyId"] ?? "r1";
        if (!string.IsNullOrWhiteSpace(pem))
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            if (ecdsa.KeySize != 256)
            {
                throw new InvalidOperationException("Receipts:SigningKeyPem must be an EC P-256 private key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256).");
            }

            _key = new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
        }
        else if (configuration.GetValue("Security:DemoCredentials", false))
        {
            _key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "demo-" + Guid.NewGuid().ToString("N")[..8] };
            logger.LogWarning("Receipts are signed with a key made for this demo run ({KeyId}); configure Receipts:SigningKeyPem for lasting receipts", _key.KeyId);
        }

        ECDsaSecurityKey[] previous = [.. configuration.GetSection("Receipts:PreviousPublicKeys").GetChildren().Select(previous =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(previous.Value ?? throw new InvalidOperationException($"Receipts:PreviousPublicKeys:{previous.Key} is empty."));
            return new ECDsaSecurityKey(ecdsa) { KeyId = previous.Key };
        })];
        Keys = _key is null ? previous : [_key, .. previous];
    }

    /// <summary>Every key a receipt may be signed with: the current one first, then the previous ones.</summary>
    private ECDsaSecurityKey[] Keys { get; }

    /// <summary>False when no key is configured: the hub issues no receipts.</summary>
    public bool Enabled => _key is not null;

    /// <summary>A compact JWS (ES256) over <paramref name="payloadJson"/>.</summary>
    public string Sign(string payloadJson) =>
        new JsonWebTokenHandler().CreateToken(payloadJson, new SigningCredentials(_key ?? throw new InvalidOperationException("No receipt key."), SecurityAlgorithms.EcdsaSha256));

    /// <summary>The payload of <paramref name="jws"/> when this hub's key, or a previous one by its id, signed it and nothing changed
    /// since; null otherwise.</summary>
    public async Task<string?> VerifyAsync(string jws)
    {
        if (Keys.Length == 0 || jws.Length > 8192)
        {
            return null;
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKeys = Keys,
            ValidIssuer = ReceiptContent.Issuer,
            ValidateAudience = false,
            ValidateLifetime = false, // a receipt does not expire: it says what was decided
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        return result.IsValid && result.SecurityToken is JsonWebToken token ? Base64UrlEncoder.Decode(token.EncodedPayload) : null;
    }

    /// <summary>The public keys, current first, as a JSON Web Key Set.</summary>
    public ReceiptKeySet PublicKeys() => new([.. Keys.Select(key =>
    {
        var p = key.ECDsa.ExportParameters(includePrivateParameters: false);
        return new ReceiptKey("EC", "P-256", "sig", "ES256", key.KeyId, Base64UrlEncoder.Encode(p.Q.X), Base64UrlEncoder.Encode(p.Q.Y));
    })]);
}

/// <summary>A JSON Web Key Set (RFC 7517) of the receipts' public keys.</summary>
public sealed record ReceiptKeySet(IReadOnlyList<ReceiptKey> Keys);

/// <summary>One public key: an EC P-256 key for ES256 signatures, named by its key id.</summary>
public sealed record ReceiptKey(string Kty, string Crv, string Use, string Alg, string Kid, string X, string Y);
