using Microsoft.Extensions.Options;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Security;

namespace StatuutHub.Host.Security;

/// <summary>The <c>Security</c> section: who may call the hub. Only hashes live here (see
/// <see cref="CredentialHash"/>); each caller may hold several at once, so a key or certificate is
/// rotated by adding the new one, moving the client over and removing the old one, without a restart
/// (the section is re-read when the configuration changes).</summary>
public sealed class SecurityOptions
{
    /// <summary>Initiatives by KBO number (ten digits).</summary>
    public Dictionary<string, InitiativeCredential> Initiatives { get; set; } = [];

    /// <summary>Agencies by destination kind (<c>rva</c>, <c>mutualiteit</c>, <c>ocmw</c>, <c>dimona</c>).</summary>
    public Dictionary<string, CallerCredential> Agencies { get; set; } = [];

    /// <summary>Support staff by user name.</summary>
    public Dictionary<string, StaffCredential> Staff { get; set; } = [];

    /// <summary>Offices that read their requests in the hub's inbox, by destination id (<c>ocmw-44021</c>, <c>mutualiteit-100</c>).</summary>
    public Dictionary<string, OfficeCredential> Offices { get; set; } = [];

    /// <summary><c>none</c> (default), <c>allow</c> or <c>require</c>: whether HTTPS endpoints ask for a client certificate.</summary>
    public string ClientCertificates { get; set; } = "none";

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The dashboard sign-in's own, stricter limits.</summary>
    public SignInOptions SignIn { get; set; } = new();

    /// <summary>Also accept the demo credentials published in README.md. Allowed only in the Development
    /// environment (the demo launcher sets both); anywhere else the hub refuses to start with it.</summary>
    public bool DemoCredentials { get; set; }

    /// <summary>Outside Development, start anyway with agencies over plain HTTP, a broker without TLS or secrets published for the
    /// demo — each logged as a warning at start (<see cref="Hosting.InsecureSettings"/>). For a test bed or a closed network only.</summary>
    public bool AllowInsecureTransport { get; set; }
}

/// <summary>API key hashes and pinned client-certificate thumbprints (SHA-256, hex) of one caller.</summary>
public class CallerCredential
{
    public List<string> KeyHashes { get; set; } = [];

    public List<string> CertificateThumbprints { get; set; } = [];
}

public sealed class InitiativeCredential : CallerCredential
{
    public string Name { get; set; } = string.Empty;

    /// <summary>People of the initiative who sign in to its pages (<c>/initiatief</c>): user name → PBKDF2 password hash
    /// (<c>statuut hash-password</c>). User names are unique across staff and every initiative.</summary>
    public Dictionary<string, string> Users { get; set; } = [];
}

public sealed class StaffCredential : CallerCredential
{
    /// <summary><c>viewer</c> (reads) or <c>operator</c> (reads, retries, replays, cancels).</summary>
    public string Role { get; set; } = StaffRoles.Viewer;

    /// <summary>For the dashboard sign-in; staff without one can only use API keys (scripts, CLI).</summary>
    public string? PasswordHash { get; set; }
}

/// <summary>An office on the inbox: its people (user name → role and password hash) and API keys for its scripts, which act with
/// <see cref="KeyRole"/>.</summary>
public sealed class OfficeCredential : CallerCredential
{
    public Dictionary<string, OfficeUser> Users { get; set; } = [];

    /// <summary><c>reader</c> (default) or <c>decider</c>: what the office's keys may do.</summary>
    public string KeyRole { get; set; } = OfficeRoles.Reader;
}

/// <summary>A person of an office: <c>reader</c> reads the requests, <c>decider</c> also decides them.</summary>
public sealed class OfficeUser
{
    public string Role { get; set; } = OfficeRoles.Reader;

    /// <summary>PBKDF2 (<c>statuut hash-password</c>).</summary>
    public string PasswordHash { get; set; } = string.Empty;
}

public static class OfficeRoles
{
    public const string Reader = "reader";
    public const string Decider = "decider";
}

/// <summary>A token bucket per credential (per address for anonymous callers).</summary>
public sealed class RateLimitOptions
{
    public int PermitsPerPeriod { get; set; } = 100;

    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    public int Burst { get; set; } = 200;
}

public static class StaffRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
}

/// <summary>The role of a person of an initiative signed in to its pages.</summary>
public static class PortalRoles
{
    public const string Initiative = "initiative";
}

/// <summary>Refuses, at start-up, a security section that would fail open or silently lock someone out.</summary>
public sealed class SecurityOptionsValidator(IHostEnvironment environment) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        if (!environment.IsDevelopment())
        {
            // The demo credentials are public: outside Development they would let anyone in.
            errors.AddRange(DemoCredentials.FoundIn(options).Select(where =>
                $"{where}: the published demo credentials are allowed only in the Development environment (de demo-sleutels zijn openbaar en enkel toegelaten in Development); environment is '{environment.EnvironmentName}'."));
        }

        errors.AddRange(options.SignIn.Problems());
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        void Check(string who, CallerCredential c)
        {
            foreach (var hash in c.KeyHashes)
            {
                if (!CredentialHash.IsKeyHash(hash))
                {
                    errors.Add($"{who}: key hash '{hash}' is not 'sha256:' + 64 lowercase hex digits (make one with `statuut hash-key`).");
                }
                else if (!seenKeys.Add(hash))
                {
                    errors.Add($"{who}: the same key hash is configured for two callers.");
                }
            }

            foreach (var thumbprint in c.CertificateThumbprints)
            {
                if (thumbprint.Length != 64 || !thumbprint.All(char.IsAsciiHexDigit))
                {
                    errors.Add($"{who}: certificate thumbprint '{thumbprint}' is not a SHA-256 thumbprint (64 hex digits).");
                }
            }
        }

        foreach (var (kbo, c) in options.Initiatives)
        {
            if (!KboNumber.TryParse(kbo, out var parsed, out _) || parsed.Value != kbo)
            {
                errors.Add($"Security:Initiatives:{kbo}: the key must be a valid KBO number written as ten digits.");
            }

            Check($"Security:Initiatives:{kbo}", c);
            foreach (var (user, hash) in c.Users)
            {
                if (!CredentialHash.IsPasswordHash(hash))
                {
                    errors.Add($"Security:Initiatives:{kbo}:Users:{user}: not 'pbkdf2-sha256$iterations$salt$hash' (make one with `statuut hash-password`).");
                }

                if (options.Staff.ContainsKey(user) || options.Offices.Values.Any(o => o.Users.ContainsKey(user)) || options.Initiatives.Any(o => o.Key != kbo && o.Value.Users.ContainsKey(user)))
                {
                    errors.Add($"Security:Initiatives:{kbo}:Users:{user}: this user name is also used elsewhere; user names must be unique.");
                }
            }
        }

        var kinds = Enum.GetValues<DestinationKind>().Select(Destination.KindName).ToHashSet(StringComparer.Ordinal);
        foreach (var (agency, c) in options.Agencies)
        {
            if (!kinds.Contains(agency))
            {
                errors.Add($"Security:Agencies:{agency}: unknown agency; use one of {string.Join(", ", kinds)}.");
            }

            Check($"Security:Agencies:{agency}", c);
        }

        foreach (var (user, c) in options.Staff)
        {
            if (c.Role is not (StaffRoles.Viewer or StaffRoles.Operator))
            {
                errors.Add($"Security:Staff:{user}: role '{c.Role}' is not 'viewer' or 'operator'.");
            }

            if (c.PasswordHash is not null && !CredentialHash.IsPasswordHash(c.PasswordHash))
            {
                errors.Add($"Security:Staff:{user}: PasswordHash is not 'pbkdf2-sha256$iterations$salt$hash' (make one with `statuut hash-password`).");
            }

            Check($"Security:Staff:{user}", c);
        }

        foreach (var (office, c) in options.Offices)
        {
            if (!Destination.TryParse(office, out var destination) || destination.Id != office)
            {
                errors.Add($"Security:Offices:{office}: not an office's destination id (e.g. ocmw-44021, mutualiteit-100, vdab).");
            }

            if (c.KeyRole is not (OfficeRoles.Reader or OfficeRoles.Decider))
            {
                errors.Add($"Security:Offices:{office}:KeyRole '{c.KeyRole}' is not 'reader' or 'decider'.");
            }

            foreach (var (user, person) in c.Users)
            {
                if (person.Role is not (OfficeRoles.Reader or OfficeRoles.Decider))
                {
                    errors.Add($"Security:Offices:{office}:Users:{user}: role '{person.Role}' is not 'reader' or 'decider'.");
                }

                if (!CredentialHash.IsPasswordHash(person.PasswordHash))
                {
                    errors.Add($"Security:Offices:{office}:Users:{user}: PasswordHash is not 'pbkdf2-sha256$iterations$salt$hash' (make one with `statuut hash-password`).");
                }

                if (options.Staff.ContainsKey(user) || options.Offices.Any(o => o.Key != office && o.Value.Users.ContainsKey(user)))
                {
                    errors.Add($"Security:Offices:{office}:Users:{user}: this user name is also used elsewhere; user names must be unique.");
                }
            }

            Check($"Security:Offices:{office}", c);
        }

        if (options.ClientCertificates is not ("none" or "allow" or "require"))
        {
            errors.Add($"Security:ClientCertificates '{options.ClientCertificates}' is not 'none', 'allow' or 'require'.");
        }

        if (options.RateLimit.PermitsPerPeriod < 1 || options.RateLimit.Burst < 1 || options.RateLimit.Period <= TimeSpan.Zero)
        {
            errors.Add("Security:RateLimit: PermitsPerPeriod and Burst must be at least 1 and Period positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
