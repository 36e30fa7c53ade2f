using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Support;

/// <summary>At start-up, once per key, one pass over every stored attest version: what is not sealed with the current key (a rotated
/// key, or rows from before protection) is re-sealed, a batch per short transaction, with progress in the log. A completed pass is
/// recorded, so later starts with the same key skip it. An old key may be removed once a pass reported nothing left.</summary>
public sealed class PersonalDataRotation(IStoreLifecycle store, TimeProvider time, ILogger<PersonalDataRotation> logger) : BackgroundService
{
    /// <summary>Attest versions per transaction.</summary>
    public const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ProtectionCursor? cursor = null;
        long read = 0, resealed = 0, batches = 0;
        try
        {
            if (await store.IsSealedWithCurrentKeyAsync(stoppingToken))
            {
                return; // a pass with this key went through already; every write since used it
            }

            do
            {
                var batch = await store.ReprotectAsync(cursor, BatchSize, stoppingToken);
                (read, resealed, cursor) = (read + batch.Read, resealed + batch.Resealed, batch.Next);
                if (++batches % 20 == 0 && resealed > 0)
                {
                    logger.LogInformation("Personal data: {Resealed} of {Read} attest versions read so far re-sealed with the current key", resealed, read);
                }
            }
            while (cursor is not null);

            if (resealed > 0)
            {
                await store.ForgetOverwrittenAsync(stoppingToken);
            }

            await store.MarkSealedWithCurrentKeyAsync(time.GetUtcNow(), stoppingToken);

            logger.Log(resealed > 0 ? LogLevel.Information : LogLevel.Debug,
                "Personal data: pass done, {Resealed} of {Read} attest versions re-sealed with the current key; none is left under an older key", resealed, read);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Personal data: the re-sealing pass stopped after {Read} attest versions; it runs again at the next start", read);
        }
    }
}
