using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Alerts: a unique index over the open ones makes "fire once" hold across hub processes.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public Task<bool> OpenAlertAsync(string key, string messageNl, string messageEn, DateTimeOffset at, CancellationToken ct) => Db.WriteAsync(async (connection, tx, ct) =>
        await Db.ExecAsync(connection, tx, """
            INSERT INTO alerts (alert_key, fired_at, message_nl, message_en) VALUES (@k, @at, @nl, @en)
            ON CONFLICT DO NOTHING
            """, ct, ("@k", key), ("@at", at), ("@nl", messageNl), ("@en", messageEn)) == 1, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertRecord>> ResolveAlertsAsync(IReadOnlySet<string> stillFiring, DateTimeOffset at, CancellationToken ct) => Db.WriteAsync(async (connection, tx, ct) =>
    {
        var open = await Db.ReadAllAsync(connection, tx, $"SELECT {AlertColumns} FROM alerts WHERE resolved_at IS NULL", ReadAlert, ct);
        var cleared = open.Where(a => !stillFiring.Contains(a.Key)).ToList();
        foreach (var alert in cleared)
        {
            await Db.ExecAsync(connection, tx, "UPDATE alerts SET resolved_at = @at WHERE alert_key = @k AND fired_at = @f", ct,
                ("@at", at), ("@k", alert.Key), ("@f", alert.FiredAt));
        }

        return (IReadOnlyList<AlertRecord>)cleared.Select(a => a with { ResolvedAt = at }).ToList();
    }, ct);

    /// <inheritdoc />
    public Task RecordAlertNotifiedAsync(string key, DateTimeOffset firedAt, DateTimeOffset at, string? error, CancellationToken ct) => Db.WriteAsync((connection, tx, ct) =>
        Db.ExecAsync(connection, tx, "UPDATE alerts SET notified_at = @at, notify_error = @e WHERE alert_key = @k AND fired_at = @f", ct,
            ("@at", at), ("@e", error), ("@k", key), ("@f", firedAt)), ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AlertRecord>> ReadAlertsAsync(int limit, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        return await Db.ReadAllAsync(connection, null, $"""
            SELECT {AlertColumns} FROM alerts
            ORDER BY CASE WHEN resolved_at IS NULL THEN 0 ELSE 1 END, fired_at DESC, alert_key LIMIT {Math.Clamp(limit, 1, 1000)}
            """, ReadAlert, ct);
    }

    /// <inheritdoc />
    public async Task<int> CountMissedRenewalsAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        return await Db.ScalarAsync<int>(connection, null,
            $"SELECT COUNT(*) FROM deliveries WHERE message_kind = @renew AND {MissedRenewal.Sql}", ct, [("@renew", nameof(MessageKind.Renew)), .. MissedRenewal.Parameters]);
    }

    private static readonly StateFilter MissedRenewal = new(DeliveryStateMachine.IsMissedRenewal, "missed");

    private const string AlertColumns = "alert_key, fired_at, message_nl, message_en, resolved_at, notified_at, notify_error";

    private static AlertRecord ReadAlert(Row r) => new(r.Text("alert_key"), r.Text("message_nl"), r.Text("message_en"), r.Time("fired_at"),
        r.OptionalTime("resolved_at"), r.OptionalTime("notified_at"), r.OptionalText("notify_error"));
}
