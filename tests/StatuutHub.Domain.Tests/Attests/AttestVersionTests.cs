using StatuutHub.Domain.Attests;

namespace StatuutHub.Domain.Tests.Attests;

public class AttestVersionTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_NumbersVersionsInOrder()
    {
        var attest = TestAttests.With(Benefits.Unemployment);
        var v1 = AttestVersion.First(attest, At);
        var v2 = v1.Next(AttestChange.Amended, attest with { Activity = attest.Activity with { HoursPerWeek = 12 } }, At);
        var v3 = v2.Next(AttestChange.Cancelled, v2.Content, At);
        Assert.Equal([1, 2, 3], new[] { v1.Version, v2.Version, v3.Version });
    }

    [Fact]
    public void Next_AfterCancel_Throws()
    {
        var attest = TestAttests.With(Benefits.None);
        var cancelled = AttestVersion.First(attest, At).Next(AttestChange.Cancelled, attest, At);
        Assert.Throws<InvalidOperationException>(() => cancelled.Next(AttestChange.Amended, attest, At));
    }

    [Fact]
    public void Next_WithOtherAttestId_Throws()
    {
        var attest = TestAttests.With(Benefits.None);
        var v1 = AttestVersion.First(attest, At);
        Assert.Throws<ArgumentException>(() => v1.Next(AttestChange.Amended, attest with { AttestId = Guid.NewGuid() }, At));
    }

    [Fact]
    public void Next_AsSubmission_Throws()
    {
        var attest = TestAttests.With(Benefits.None);
        Assert.Throws<ArgumentException>(() => AttestVersion.First(attest, At).Next(AttestChange.Submitted, attest, At));
    }

    [Fact]
    public void Attest_WithSameContent_IsEqual()
    {
        Assert.Equal(TestAttests.With(Benefits.Unemployment | Benefits.Incapacity), TestAttests.With(Benefits.Incapacity | Benefits.Unemployment));
    }
}
