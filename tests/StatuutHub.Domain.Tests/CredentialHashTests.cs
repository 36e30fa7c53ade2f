using StatuutHub.Domain.Security;

namespace StatuutHub.Domain.Tests;

public sealed class CredentialHashTests
{
    [Fact]
    public void KeyHash_IsSha256Hex_SameForTheSameKey_DifferentForAnother()
    {
        var hash = CredentialHash.HashKey("some-key");
        Assert.True(CredentialHash.IsKeyHash(hash));
        Assert.Equal(hash, CredentialHash.HashKey("some-key"));
        Assert.NotEqual(hash, CredentialHash.HashKey("some-kez"));
        Assert.DoesNotContain("some-key", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void NewKeys_AreLongRandomAndUrlSafe()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => CredentialHash.NewKey()).ToList();
        Assert.Equal(100, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Matches("^shk_[A-Za-z0-9_-]{43}$", k));
    }

    [Fact]
    public void Password_VerifiesOnlyTheSamePassword_AndIsSaltedEachTime()
    {
        var stored = CredentialHash.HashPassword("correct horse battery", 10_000);
        Assert.True(CredentialHash.IsPasswordHash(stored));
        Assert.True(CredentialHash.VerifyPassword("correct horse battery", stored));
        Assert.False(CredentialHash.VerifyPassword("correct horse batterY", stored));
        Assert.NotEqual(stored, CredentialHash.HashPassword("correct horse battery", 10_000));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hunter2")]
    [InlineData("pbkdf2-sha256$100$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$100000$not base64$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("sha256:00")]
    public void MalformedStoredPasswords_NeverVerify(string stored)
    {
        Assert.False(CredentialHash.IsPasswordHash(stored));
        Assert.False(CredentialHash.VerifyPassword("hunter2", stored));
    }
}
