using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace StatuutHub.Host.Security;

/// <summary>Counts failed sign-ins per user name — known or not, so a lockout says nothing about who exists — and locks a
/// name for <see cref="SignInOptions.LockoutDuration"/> after <see cref="SignInOptions.MaxFailures"/> failures within that
/// time. Per process: with several hub processes an attacker gets that many tries per process, which the per-address
/// rate limit of <c>/aanmelden</c> bounds as well.</summary>
public sealed class SignInLockout(IOptionsMonitor<SecurityOptions> options, TimeProvider time)
{
    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Until when <paramref name="user"/> is locked, or null.</summary>
    public DateTimeOffset? LockedUntil(string user) =>
        _failures.TryGetValue(user, out var f) && f.LockedUntil is { } until && until > time.GetUtcNow() ? until : null;

    /// <summary>Counts a failure; returns until when the name is now locked, if this failure locked it.</summary>
    public DateTimeOffset? Failed(string user)
    {
        var now = time.GetUtcNow();
        var limits = options.CurrentValue.SignIn;
        if (_failures.Count >= MaxTracked)
        {
            // Many names tried (a spray): forget the ones whose window has passed, so memory stays bounded.
            foreach (var (name, old) in _failures.Where(f => (f.Value.WindowStart + limits.LockoutDuration <= now && f.Value.LockedUntil is null) || f.Value.LockedUntil <= now))
            {
                _failures.TryRemove(KeyValuePair.Create(name, old));
            }
        }

        var updated = _failures.AddOrUpdate(user, _ => new Failures(1, now, null), (_, f) =>
            f.WindowStart + limits.LockoutDuration <= now || f.LockedUntil <= now ? new Failures(1, now, null) : f with { Count = f.Count + 1 });
        if (updated.Count >= limits.MaxFailures && updated.LockedUntil is null)
        {
            var until = now + limits.LockoutDuration;
            _failures[user] = updated with { LockedUntil = until };
            return until;
        }

        return null;
    }

    /// <summary>A successful sign-in clears the count.</summary>
    public void Succeeded(string user) => _failures.TryRemove(user, out _);

    private sealed record Failures(int Count, DateTimeOffset WindowStart, DateTimeOffset? LockedUntil);
}
