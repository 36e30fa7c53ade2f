using System.Security.Claims;
using StatuutHub.Application;

namespace StatuutHub.Host.Security;

public enum CallerKind
{
    Initiative,
    Agency,
    Staff,

    /// <summary>An office on the inbox (named by its destination id), or one of its people (<see cref="HubCaller.User"/>).</summary>
    Office,
}

/// <summary>Who is calling: an initiative (named by its KBO number), an agency (by destination kind), an office on the inbox (by
/// destination id, with a role) or a staff member (by user name, with a role). A person of an initiative signed in to its pages is the initiative,
/// with their own <see cref="User"/> name.</summary>
public sealed record HubCaller(CallerKind Kind, string Name, string? Role = null, string? User = null)
{
    public const string KindClaim = "statuut:kind";

    public const string UserClaim = "statuut:user";

    /// <summary>How the caller appears in the audit trail.</summary>
    public string Actor => Kind switch
    {
        CallerKind.Initiative => $"initiative:{Name}",
        CallerKind.Agency => $"agency:{Name}",
        CallerKind.Office => $"office:{Name}:{User ?? "api"}",
        _ => $"{Role}:{Name}",
    };

    /// <summary>The caller as the use cases know it: an initiative (tenant isolation applies) or staff.</summary>
    public Requester AsRequester() => Kind == CallerKind.Initiative ? Requester.Initiative(Name) : Requester.Staff(Actor);

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, Name), new(KindClaim, Kind.ToString()) };
        if (Role is not null)
        {
            claims.Add(new Claim(ClaimTypes.Role, Role));
        }

        if (User is not null)
        {
            claims.Add(new Claim(UserClaim, User));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static HubCaller? From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Enum.TryParse<CallerKind>(user.FindFirstValue(KindClaim), out var kind) && user.Identity.Name is { } name
            ? new HubCaller(kind, name, user.FindFirstValue(ClaimTypes.Role), user.FindFirstValue(UserClaim))
            : null;
}

public static class HubCallerExtensions
{
    /// <summary>The authenticated caller; endpoints that call this require authentication, so it is there.</summary>
    public static HubCaller Caller(this HttpContext http) =>
        HubCaller.From(http.User) ?? throw new InvalidOperationException("Endpoint reached without an authenticated caller.");
}
