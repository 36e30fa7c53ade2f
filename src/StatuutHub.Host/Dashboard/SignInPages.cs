using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Dashboard;

/// <summary>Sign-in for the dashboard (staff) and the initiatives' pages: user name and password (checked against the stored
/// PBKDF2 hash), then a session cookie (HttpOnly, SameSite=Strict) carrying the user's role.</summary>
public static class SignInPages
{
    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(string.Empty).ExcludeFromDescription();
        pages.MapGet("/aanmelden", (HttpContext http, string? returnUrl) => Form(http, returnUrl, failed: false, null)).AllowAnonymous();
        pages.MapPost("/aanmelden", SignInAsync).AllowAnonymous().RequireRateLimiting(HubSecurity.SignInPolicy);
        pages.MapPost("/afmelden", SignOutAsync).AllowAnonymous();
        pages.MapGet("/geweigerd", (HttpContext http) =>
        {
            var page = new Page(http, l => l["notAllowed"]);
            return page.Message(page.L["notAllowedHelp"], StatusCodes.Status403Forbidden, "not-allowed");
        }).AllowAnonymous();
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, PasswordSignIn signIn, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        var user = form["user"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var outcome = user.Length is > 0 and <= 64 ? await signIn.SignInAsync(user, form["password"].ToString(), ct) : SignInOutcome.Refused;
        var logger = loggers.CreateLogger("StatuutHub.SignIn");
        if (outcome.Caller is not { } caller)
        {
            logger.LogWarning("Dashboard sign-in refused from {Address}{Locked}", http.Connection.RemoteIpAddress, outcome.LockedUntil is null ? string.Empty : " (user name locked)");
            return Form(http, returnUrl, failed: true, outcome.LockedUntil);
        }

        await http.SignInAsync(HubSecurity.StaffCookie, caller.ToPrincipal(HubSecurity.StaffCookie));
        logger.LogInformation("Dashboard sign-in: {User} ({Role})", caller.Name, caller.Role);
        // A person of an initiative lands on the initiative's pages, a person of an office on its inbox, not on the support
        // dashboard they may not see.
        return Results.Redirect(LocalOrRoot(returnUrl) != "/" ? LocalOrRoot(returnUrl) : caller.Kind switch
        {
            CallerKind.Initiative => "/initiatief",
            CallerKind.Office => "/kantoor",
            _ => "/",
        });
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        await http.SignOutAsync(HubSecurity.StaffCookie);
        return Results.Redirect("/aanmelden");
    }

    /// <summary>The sign-in form (<see cref="Razor.SignInView"/>), after a failure with why (401).</summary>
    private static IResult Form(HttpContext http, string? returnUrl, bool failed, DateTimeOffset? lockedUntil)
    {
        // The office pages are offered in French too, and so is the sign-in on the way to them.
        var page = new Page(http, l => l["signIn"], french: LocalOrRoot(returnUrl).StartsWith("/kantoor", StringComparison.Ordinal));
        return page.Component<Razor.SignInView>(new Dictionary<string, object?>
        {
            [nameof(Razor.SignInView.L)] = page.L,
            [nameof(Razor.SignInView.ReturnUrl)] = LocalOrRoot(returnUrl),
            [nameof(Razor.SignInView.Failed)] = failed,
            [nameof(Razor.SignInView.LockedUntil)] = lockedUntil,
        }).Result(failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }

    /// <summary>Only paths on this site: a sign-in link cannot send the user elsewhere. No control character or backslash anywhere:
    /// browsers drop a tab or newline and read a backslash as a slash, so "/\t/evil.example" would become "//evil.example".</summary>
    public static string LocalOrRoot(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Contains('\\') && !url.Any(char.IsControl) ? url : "/";
}
