using System.Globalization;
using Microsoft.Extensions.Logging;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Support;

/// <summary>Where backups go: <c>Storage:BackupDirectory</c> (default <c>backups</c> under the data directory).</summary>
public sealed record BackupSettings(string Directory);

/// <summary>A backup made, for the operator.</summary>
public sealed record BackupMade(string File, long Bytes, DateTimeOffset At);

/// <summary>The backup use case: a consistent copy of the store, taken while the hub works, named by its moment, in the
/// configured directory (never a path from the request).</summary>
public sealed class StoreBackups(IStoreLifecycle store, BackupSettings settings, TimeProvider time, ILogger<StoreBackups> logger)
{
    /// <summary>Makes a backup; <see cref="NotSupportedException"/> for a store backed up by its server's tools.</summary>
    public async Task<BackupMade> MakeAsync(Requester requester, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        Directory.CreateDirectory(settings.Directory);
        var file = Path.Combine(settings.Directory, $"statuut-{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}.db");
        await store.BackupAsync(file, ct);
        var bytes = new FileInfo(file).Length;
        logger.LogInformation("Backup by {Actor}: {File} ({Bytes} bytes)", requester.Actor, file, bytes);
        return new BackupMade(file, bytes, at);
    }
}
