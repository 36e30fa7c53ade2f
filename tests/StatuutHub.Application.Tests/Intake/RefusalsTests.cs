using StatuutHub.Application.Intake;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Tests.Intake;

public class RefusalsTests
{
    private static readonly Guid Id = Guid.NewGuid();

    [Theory]
    [InlineData(WriteOutcome.Accepted)]
    [InlineData(WriteOutcome.AlreadyAccepted)]
    public void Accepted_IsNoRefusal(WriteOutcome outcome) => Assert.Null(Refusals.Of(new WriteResult(outcome, Id, 1, AttestStatus.InProgress)));

    [Theory]
    [InlineData(WriteOutcome.NotFound, null, RefusalKind.NotFound, "ATTEST_NOT_FOUND")]
    [InlineData(WriteOutcome.Conflict, "OVERLAPPING_ATTEST", RefusalKind.Conflict, "OVERLAPPING_ATTEST")]
    [InlineData(WriteOutcome.Conflict, "ATTEST_CANCELLED", RefusalKind.Conflict, "ATTEST_CANCELLED")]
    [InlineData(WriteOutcome.Conflict, "ATTEST_ID_REUSED", RefusalKind.Conflict, "ATTEST_ID_REUSED")]
    public void EachOutcome_HasItsStableCode_InDutchAndEnglish(WriteOutcome outcome, string? conflict, RefusalKind kind, string code)
    {
        var refusal = Refusals.Of(new WriteResult(outcome, Id, 1, AttestStatus.InProgress, conflict))!;

        Assert.Equal((kind, code), (refusal.Kind, refusal.Code));
        Assert.False(string.IsNullOrWhiteSpace(refusal.MessageNl));
        Assert.False(string.IsNullOrWhiteSpace(refusal.MessageEn));
    }
}
