namespace StatuutHub.Storage.Contract;

/// <summary>The tamper-evident audit trail.</summary>
public interface IAuditTrail
{
    /// <summary>Walks every audit chain (one per delivery, one per attest for its own events) and reports the first event whose link or content does not match.</summary>
    Task<AuditVerification> VerifyAuditAsync(CancellationToken ct);
}

/// <summary>The result of walking the audit chain: how many events were read and the first broken one, if any.</summary>
public sealed record AuditVerification(long Events, long? FirstBrokenSequence, string? Reason)
{
    public bool Intact => FirstBrokenSequence is null;
}
