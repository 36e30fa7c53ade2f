using Microsoft.Extensions.Options;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Security;

namespace StatuutHub.Host.Security;

/// <summary>Looks callers up by the hash of a presented key, a client certificate's thumbprint, or the user name of a staff
/// member, a person of an initiative or a person of an office. Rebuilt whenever the <c>Security</c> section changes, so rotation needs no restart.</summary>
public sealed class CredentialDirectory : IDisposable
{
    private readonly bool _demo;
    private readonly IDisposable? _subscription;
    private volatile Snapshot _current;

    public CredentialDirectory(IOptionsMonitor<SecurityOptions> options, DemoMode demo, ILogger<CredentialDirectory> logger)
    {
        _demo = demo.Enabled;
        _current = Build(options.CurrentValue);
        _subscription = options.OnChange(o =>
        {
            _current = Build(o);
            logger.LogInformation("Security section changed: {Keys} keys, {Certificates} certificates, {Staff} staff, {OfficeUsers} office users now valid",
                _current.ByKey.Count, _current.ByThumbprint.Count, _current.Staff.Count, _current.OfficeUsers.Count);
        });
        if (_demo)
        {
            logger.LogWarning("Demo credentials are active (Security:DemoCredentials, Development environment); they are published in README.md.");
        }
        else if (_current.ByKey.Count == 0 && _current.ByThumbprint.Count == 0 && _current.Staff.Count == 0 && _current.OfficeUsers.Count == 0)
        {
            logger.LogWarning("Geen sleutels geconfigureerd: elke oproep wordt geweigerd (401). / No credentials are configured (Security:Initiatives, Agencies, Staff): every call is refused with 401; the demo credentials are not active.");
        }
    }

    public HubCaller? FindByKey(string presented) =>
        presented.Length is > 0 and <= 512 && _current.ByKey.TryGetValue(CredentialHash.HashKey(presented), out var caller) ? caller : null;

    public HubCaller? FindByThumbprint(string sha256Thumbprint) =>
        _current.ByThumbprint.TryGetValue(sha256Thumbprint, out var caller) ? caller : null;

    /// <summary>The configured password hash of a staff member or a person of an initiative (null: unknown, or API keys only);
    /// <see cref="PasswordSignIn"/> checks it.</summary>
    public string? PasswordHashOf(string user) =>
        _current.Staff.TryGetValue(user, out var staff) ? staff.PasswordHash
        : _current.PortalUsers.TryGetValue(user, out var person) ? person.Hash
        : _current.OfficeUsers.TryGetValue(user, out var officer) ? officer.Hash
        : null;

    /// <summary>Who a user signs in as: a staff member with their role, or the initiative a person belongs to; null when unknown.</summary>
    public HubCaller? SignInCallerOf(string user) =>
        _current.Staff.TryGetValue(user, out var staff) ? new HubCaller(CallerKind.Staff, user, staff.Role)
        : _current.PortalUsers.TryGetValue(user, out var person) ? new HubCaller(CallerKind.Initiative, person.Kbo, PortalRoles.Initiative, user)
        : _current.OfficeUsers.TryGetValue(user, out var officer) ? new HubCaller(CallerKind.Office, officer.Office, officer.Role, user)
        : null;

    /// <summary>True for a staff member of the published demo credentials (demo mode): their hash is public anyway, so it is
    /// not worth re-hashing at today's strength.</summary>
    public bool IsDemoStaff(string user) => _current.DemoStaff.Contains(user);

    /// <summary>The staff member's current role (null when removed since the cookie was issued).</summary>
    public string? RoleOf(string user) => _current.Staff.TryGetValue(user, out var staff) ? staff.Role : null;

    /// <summary>True while the signed-in caller is still configured as it was signed in (a staff member with the same role, a
    /// person still of the same initiative): a removed or moved user is signed out at the next request.</summary>
    public bool StillValid(HubCaller caller) => caller.Kind switch
    {
        CallerKind.Initiative => caller.User is { } user && _current.PortalUsers.TryGetValue(user, out var person) && person.Kbo == caller.Name,
        CallerKind.Office => caller.User is { } user && _current.OfficeUsers.TryGetValue(user, out var officer) && officer.Office == caller.Name && officer.Role == caller.Role,
        _ => RoleOf(caller.Name) == caller.Role,
    };

    public void Dispose() => _subscription?.Dispose();

    private Snapshot Build(SecurityOptions configured)
    {
        var byKey = new Dictionary<string, HubCaller>(StringComparer.Ordinal);
        var byThumbprint = new Dictionary<string, HubCaller>(StringComparer.OrdinalIgnoreCase);
        var staff = new Dictionary<string, StaffCredential>(StringComparer.Ordinal);
        var demoStaff = new HashSet<string>(StringComparer.Ordinal);
        var portalUsers = new Dictionary<string, (string Kbo, string Hash)>(StringComparer.Ordinal);
        var officeUsers = new Dictionary<string, (string Office, string Role, string Hash)>(StringComparer.Ordinal);
        foreach (var options in _demo ? new[] { DemoCredentials.Options(), configured } : [configured])
        {
            var published = ReferenceEquals(options, DemoCredentials.Options());
            void Add(CallerCredential credential, HubCaller caller)
            {
                credential.KeyHashes.ForEach(h => byKey[h] = caller);
                credential.CertificateThumbprints.ForEach(t => byThumbprint[t] = caller);
            }

            foreach (var (kbo, c) in options.Initiatives)
            {
                Add(c, new HubCaller(CallerKind.Initiative, kbo));
                foreach (var (user, hash) in c.Users)
                {
                    portalUsers[user] = (kbo, hash);
                    if (published)
                    {
                        demoStaff.Add(user);
                    }
                }
            }

            foreach (var (agency, c) in options.Agencies)
            {
                Add(c, new HubCaller(CallerKind.Agency, agency));
            }

            foreach (var (office, c) in options.Offices)
            {
                Add(c, new HubCaller(CallerKind.Office, office, c.KeyRole));
                foreach (var (user, person) in c.Users)
                {
                    officeUsers[user] = (office, person.Role, person.PasswordHash);
                    if (published)
                    {
                        demoStaff.Add(user);
                    }
                }
            }

            foreach (var (user, c) in options.Staff)
            {
                Add(c, new HubCaller(CallerKind.Staff, user, c.Role));
                staff[user] = c;
                if (published)
                {
                    demoStaff.Add(user);
                }
                else
                {
                    demoStaff.Remove(user);
                }
            }
        }

        return new Snapshot(byKey, byThumbprint, staff, demoStaff, portalUsers, officeUsers);
    }

    private sealed record Snapshot(Dictionary<string, HubCaller> ByKey, Dictionary<string, HubCaller> ByThumbprint, Dictionary<string, StaffCredential> Staff, HashSet<string> DemoStaff,
        Dictionary<string, (string Kbo, string Hash)> PortalUsers, Dictionary<string, (string Office, string Role, string Hash)> OfficeUsers);
}

/// <summary>Whether the demo credentials are accepted (<c>Security:DemoCredentials</c>, read once at start-up).</summary>
public sealed record DemoMode(bool Enabled)
{
    /// <summary>The agency keys the simulator presents: the demo ones.</summary>
    public static IReadOnlyDictionary<DestinationKind, string> AgencyKeys() =>
        Enum.GetValues<DestinationKind>().ToDictionary(k => k, DemoCredentials.AgencyKey);
}
