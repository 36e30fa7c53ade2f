using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Security;

namespace StatuutHub.Host.Security;

/// <summary>The credentials of the demo mode, published in README.md. They are active only with
/// <c>Security:DemoCredentials=true</c> in the Development environment (the demo launcher, src/StatuutHub.Demo,
/// sets both); in any other environment the hub refuses to start when they are switched on or configured.</summary>
public static class DemoCredentials
{
    public const string InitiativeKbo = "0123456749";
    public const string InitiativeKey = "DEMO-ONLY-initiative-0123456749";
    public const string OtherInitiativeKbo = "0987654394";
    public const string OtherInitiativeKey = "DEMO-ONLY-initiative-0987654394";
    public const string ViewerUser = "viewer";
    public const string ViewerPassword = "DEMO-ONLY-viewer";
    public const string ViewerKey = "DEMO-ONLY-viewer-key";
    public const string OperatorUser = "operator";
    public const string OperatorPassword = "DEMO-ONLY-operator";
    public const string OperatorKey = "DEMO-ONLY-operator-key";
    public const string InitiativeUser = "initiatief";
    public const string InitiativePassword = "DEMO-ONLY-initiatief";

    /// <summary>The demo OCMW on the inbox (Antwerp, NIS 11002 is another one) and its people: a decider and a reader.</summary>
    public const string Office = "ocmw-44021";
    public const string OfficeUser = "ocmw-44021";
    public const string OfficePassword = "DEMO-ONLY-ocmw-44021";
    public const string OfficeReaderUser = "ocmw-44021-lezer";
    public const string OfficeReaderPassword = "DEMO-ONLY-ocmw-44021-lezer";
    public const string OfficeKey = "DEMO-ONLY-office-ocmw-44021";
    public const string OtherOffice = "ocmw-11002";
    public const string OtherOfficeUser = "ocmw-11002";
    public const string OtherOfficePassword = "DEMO-ONLY-ocmw-11002";
    public const string OtherOfficeKey = "DEMO-ONLY-office-ocmw-11002";

    public static string AgencyKey(DestinationKind kind) => $"DEMO-ONLY-agency-{Destination.KindName(kind)}";

    private static readonly Lazy<SecurityOptions> Built = new(Build);

    /// <summary>The demo callers as a security section (hashed like any other).</summary>
    public static SecurityOptions Options() => Built.Value;

    /// <summary>Where <paramref name="configured"/> switches the demo credentials on or holds one of them
    /// (a demo key's hash, or a staff password hash that the demo password opens).</summary>
    public static IEnumerable<string> FoundIn(SecurityOptions configured)
    {
        if (configured.DemoCredentials)
        {
            yield return "Security:DemoCredentials";
        }

        var demoKeys = Options().Initiatives.Values.Concat(Options().Agencies.Values).Concat(Options().Staff.Values).Concat(Options().Offices.Values)
            .SelectMany(c => c.KeyHashes).ToHashSet(StringComparer.Ordinal);
        var callers = configured.Initiatives.Select(c => ($"Security:Initiatives:{c.Key}", (CallerCredential)c.Value))
            .Concat(configured.Agencies.Select(c => ($"Security:Agencies:{c.Key}", c.Value)))
            .Concat(configured.Staff.Select(c => ($"Security:Staff:{c.Key}", (CallerCredential)c.Value)))
            .Concat(configured.Offices.Select(c => ($"Security:Offices:{c.Key}", (CallerCredential)c.Value)));
        foreach (var (where, credential) in callers)
        {
            if (credential.KeyHashes.Any(demoKeys.Contains))
            {
                yield return where;
            }
        }

        foreach (var (kbo, initiative) in configured.Initiatives)
        {
            foreach (var (user, hash) in initiative.Users)
            {
                if (CredentialHash.IsPasswordHash(hash) && CredentialHash.VerifyPassword(InitiativePassword, hash))
                {
                    yield return $"Security:Initiatives:{kbo}:Users:{user}";
                }
            }
        }

        foreach (var (office, c) in configured.Offices)
        {
            foreach (var (user, person) in c.Users)
            {
                if (CredentialHash.IsPasswordHash(person.PasswordHash)
                    && new[] { OfficePassword, OfficeReaderPassword, OtherOfficePassword }.Any(p => CredentialHash.VerifyPassword(p, person.PasswordHash)))
                {
                    yield return $"Security:Offices:{office}:Users:{user}";
                }
            }
        }

        foreach (var (user, staff) in configured.Staff)
        {
            if (staff.PasswordHash is { } hash && CredentialHash.IsPasswordHash(hash)
                && (CredentialHash.VerifyPassword(ViewerPassword, hash) || CredentialHash.VerifyPassword(OperatorPassword, hash)))
            {
                yield return $"Security:Staff:{user}:PasswordHash";
            }
        }
    }

    private static SecurityOptions Build()
    {
        var options = new SecurityOptions();
        options.Initiatives[InitiativeKbo] = new InitiativeCredential
        {
            Name = "Demo-initiatief vzw",
            KeyHashes = [CredentialHash.HashKey(InitiativeKey)],
            Users = { [InitiativeUser] = CredentialHash.HashPassword(InitiativePassword, 10_000) },
        };
        options.Initiatives[OtherInitiativeKbo] = new InitiativeCredential { Name = "Ander demo-initiatief", KeyHashes = [CredentialHash.HashKey(OtherInitiativeKey)] };
        foreach (var kind in Enum.GetValues<DestinationKind>())
        {
            options.Agencies[Destination.KindName(kind)] = new CallerCredential { KeyHashes = [CredentialHash.HashKey(AgencyKey(kind))] };
        }

        // Fewer PBKDF2 rounds than real passwords get: these are public anyway, and start-up stays quick.
        options.Staff[ViewerUser] = new StaffCredential { Role = StaffRoles.Viewer, PasswordHash = CredentialHash.HashPassword(ViewerPassword, 10_000), KeyHashes = [CredentialHash.HashKey(ViewerKey)] };
        options.Offices[Office] = new OfficeCredential
        {
            KeyHashes = [CredentialHash.HashKey(OfficeKey)],
            KeyRole = OfficeRoles.Decider,
            Users =
            {
                [OfficeUser] = new OfficeUser { Role = OfficeRoles.Decider, PasswordHash = CredentialHash.HashPassword(OfficePassword, 10_000) },
                [OfficeReaderUser] = new OfficeUser { Role = OfficeRoles.Reader, PasswordHash = CredentialHash.HashPassword(OfficeReaderPassword, 10_000) },
            },
        };
        options.Offices[OtherOffice] = new OfficeCredential
        {
            KeyHashes = [CredentialHash.HashKey(OtherOfficeKey)],
            KeyRole = OfficeRoles.Decider,
            Users = { [OtherOfficeUser] = new OfficeUser { Role = OfficeRoles.Decider, PasswordHash = CredentialHash.HashPassword(OtherOfficePassword, 10_000) } },
        };
        options.Staff[OperatorUser] = new StaffCredential { Role = StaffRoles.Operator, PasswordHash = CredentialHash.HashPassword(OperatorPassword, 10_000), KeyHashes = [CredentialHash.HashKey(OperatorKey)] };
        return options;
    }
}
