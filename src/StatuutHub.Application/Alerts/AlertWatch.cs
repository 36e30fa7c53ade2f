using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Jobs;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Alerts;

/// <summary>Sends one message when an alert fires and one when it clears.</summary>
public interface IAlertMail
{
    Task SendAsync(string subject, string body, CancellationToken ct);
}

/// <summary>Checks the alert conditions every <see cref="AlertOptions.Interval"/>: an alert that starts firing is recorded once (across
/// hub processes) and mailed by the process that recorded it; one that clears is resolved and mailed as cleared.</summary>
public sealed class AlertWatch(
    ISupportQueries queries,
    IAlertStore alerts,
    IConflictLog conflicts,
    DestinationPipelines pipelines,
    IAlertMail mail,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertWatch> logger) : IPeriodicJob
{
    /// <summary>One check: returns the alerts firing now.</summary>
    public async Task<IReadOnlyList<FiringAlert>> RunOnceAsync(CancellationToken ct)
    {
        var queue = await queries.GetQueueAsync(time.GetUtcNow(), ct);
        var snapshot = new AlertSnapshot(
            queue.ByDestination.Where(d => d.State == DeliveryState.DeadLettered).GroupBy(d => d.Destination).ToDictionary(g => g.Key, g => g.Sum(d => d.Count), StringComparer.Ordinal),
            pipelines.CircuitStates(),
            queue.ByState.GetValueOrDefault(DeliveryState.Overdue),
            await alerts.CountMissedRenewalsAsync(ct))
        {
            CrossConflictsByInitiative = (await conflicts.ReadCrossConflictsAsync(time.GetUtcNow().AddDays(-1), 1000, ct))
                .GroupBy(c => c.InitiativeKbo, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
        var firing = AlertRules.Evaluate(snapshot, options.Value);
        var now = time.GetUtcNow();
        foreach (var alert in firing)
        {
            if (await alerts.OpenAlertAsync(alert.Key, alert.MessageNl, alert.MessageEn, now, ct))
            {
                logger.LogWarning("Alert {Key}: {Message}", alert.Key, alert.MessageEn);
                await NotifyAsync(alert.Key, now, $"[StatuutHub] Melding / alert: {alert.Key}", $"{alert.MessageNl}\n\n{alert.MessageEn}", ct);
            }
        }

        foreach (var cleared in await alerts.ResolveAlertsAsync(firing.Select(a => a.Key).ToHashSet(StringComparer.Ordinal), now, ct))
        {
            logger.LogInformation("Alert {Key} cleared", cleared.Key);
            await NotifyAsync(null, now, $"[StatuutHub] Opgelost / cleared: {cleared.Key}",
                $"Opgelost: {cleared.MessageNl}\n\nCleared: {cleared.MessageEn}", ct);
        }

        return firing;
    }

    /// <inheritdoc />
    public string Name => "alerts";

    /// <inheritdoc />
    public bool Enabled => options.Value.Enabled;

    /// <inheritdoc />
    public TimeSpan Interval => options.Value.Interval;

    /// <inheritdoc />
    public bool OncePerHub => true;

    /// <inheritdoc />
    Task IPeriodicJob.RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Mails, if mail is configured; a mail that fails is recorded on the alert and logged, never retried in a loop.</summary>
    private async Task NotifyAsync(string? firedKey, DateTimeOffset firedAt, string subject, string body, CancellationToken ct)
    {
        if (!options.Value.Mail.Configured)
        {
            return;
        }

        string? error = null;
        try
        {
            await mail.SendAsync(subject, body, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = ex.Message;
            logger.LogError(ex, "Alert mail '{Subject}' could not be sent", subject);
        }

        if (firedKey is not null)
        {
            await alerts.RecordAlertNotifiedAsync(firedKey, firedAt, time.GetUtcNow(), error, ct);
        }
    }
}
