namespace StatuutHub.Storage.Contract;

/// <summary>The tamper-evident audit trail.</summary>
public interface IAuditTrail
{
    /// <summary>Walks every audit chain (one per delivery, one per attest for its own events) and reports the first event whose link or content does not match.</summary>
    Task<AuditVerification> VerifyAuditAsync(CancellationToken ct);

    /// <summary>The last event of every chain: what a signed checkpoint records.</summary>
    Task<IReadOnlyList<ChainHead>> ChainHeadsAsync(CancellationToken ct);

    /// <summary>The stored hash of the event with this sequence number, or null when there is none.</summary>
    Task<string?> EventHashAsync(long sequence, CancellationToken ct);
}

/// <summary>The head of one audit chain (an attest's own events, or one delivery's).</summary>
public sealed record ChainHead(string? AttestId, long? DeliveryId, long Sequence, string Hash);

/// <summary>The result of walking the audit chain: how many events were read and the first broken one, if any.</summary>
public sealed record AuditVerification(long Events, long? FirstBrokenSequence, string? Reason)
{
    public bool Intact => FirstBrokenSequence is null;
}
