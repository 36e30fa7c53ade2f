namespace StatuutHub.Domain.Attests;

/// <summary>One version of an attest: version 1 is the submission, each amendment adds one,
/// ending early or cancelling adds a final one. Messages to agencies carry the version so
/// they are applied in order.</summary>
public sealed record AttestVersion(Guid AttestId, int Version, AttestChange Change, Attest Content, DateTimeOffset RecordedAt)
{
    /// <summary>The first version of a newly submitted attest.</summary>
    public static AttestVersion First(Attest attest, DateTimeOffset at) => new(attest.AttestId, 1, AttestChange.Submitted, attest, at);

    /// <summary>The next version after this one; a cancelled attest takes no more versions.</summary>
    public AttestVersion Next(AttestChange change, Attest content, DateTimeOffset at)
    {
        if (Change == AttestChange.Cancelled)
        {
            throw new InvalidOperationException("A cancelled attest takes no new versions.");
        }

        if (change == AttestChange.Submitted)
        {
            throw new ArgumentException("Only the first version is a submission.", nameof(change));
        }

        if (content.AttestId != AttestId)
        {
            throw new ArgumentException("A new version must keep the attest id.", nameof(content));
        }

        return new AttestVersion(AttestId, Version + 1, change, content, at);
    }
}

/// <summary>What a version changed.</summary>
public enum AttestChange
{
    /// <summary>The initiative submitted the attest.</summary>
    Submitted,

    /// <summary>The initiative amended it (hours, dates, benefits, ...).</summary>
    Amended,

    /// <summary>The activity ends before the planned end date.</summary>
    EndedEarly,

    /// <summary>The attest is withdrawn as a whole.</summary>
    Cancelled,
}
