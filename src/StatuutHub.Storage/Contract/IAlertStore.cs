namespace StatuutHub.Storage.Contract;

/// <summary>Alerts: each fires once (one open row per key, however many hub processes watch) and is resolved when its condition
/// clears; kept for the page of current and past alerts.</summary>
public interface IAlertStore
{
    /// <summary>Opens the alert <paramref name="key"/> unless it is open already; true when this call opened it (then this process tells people).</summary>
    Task<bool> OpenAlertAsync(string key, string messageNl, string messageEn, DateTimeOffset at, CancellationToken ct);

    /// <summary>Resolves every open alert whose key is not in <paramref name="stillFiring"/>; returns the ones it resolved.</summary>
    Task<IReadOnlyList<AlertRecord>> ResolveAlertsAsync(IReadOnlySet<string> stillFiring, DateTimeOffset at, CancellationToken ct);

    /// <summary>Records whether people were told of an alert's firing (<paramref name="error"/> null: the mail went).</summary>
    Task RecordAlertNotifiedAsync(string key, DateTimeOffset firedAt, DateTimeOffset at, string? error, CancellationToken ct);

    /// <summary>Open alerts first, then the most recent past ones.</summary>
    Task<IReadOnlyList<AlertRecord>> ReadAlertsAsync(int limit, CancellationToken ct);

    /// <summary>Renewals that did not get their approval: planned renewal requests that were refused, given up, or left unanswered past their time.</summary>
    Task<int> CountMissedRenewalsAsync(CancellationToken ct);
}

/// <summary>One alert: what fired, when, when it cleared, and whether people were told.</summary>
public sealed record AlertRecord(string Key, string MessageNl, string MessageEn, DateTimeOffset FiredAt, DateTimeOffset? ResolvedAt, DateTimeOffset? NotifiedAt, string? NotifyError);
