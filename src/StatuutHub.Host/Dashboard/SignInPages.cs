using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using StatuutHub.Host.Security;
using static StatuutHub.Host.Dashboard.Page;

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
            return page.Raw($"<p id=\"not-allowed\">{E(page.L["notAllowedHelp"])}</p>").Result(StatusCodes.Status403Forbidden);
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
        // A person of an initiative lands on the initiative's pages, not on the support dashboard they may not see.
        return Results.Redirect(caller.Kind == CallerKind.Initiative && LocalOrRoot(returnUrl) == "/" ? "/initiatief" : LocalOrRoot(returnUrl));
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

    private static IResult Form(HttpContext http, string? returnUrl, bool failed, DateTimeOffset? lockedUntil)
    {
        var page = new Page(http, l => l["signIn"]);
        var l = page.L;
        if (lockedUntil is { } until)
        {
            // The same answer for a known and an unknown name: the lock counts names, not accounts.
            page.Raw($"<p id=\"sign-in-locked\" class=\"bad\">{E(string.Format(System.Globalization.CultureInfo.InvariantCulture, l["signInLocked"], DashboardPages.Time(until)))}</p>");
        }
        else if (failed)
        {
            page.Raw($"<p id=\"sign-in-failed\" class=\"bad\">{E(l["wrongPassword"])}</p>");
        }

        var form = page.ActionForm("/aanmelden", [("returnUrl", LocalOrRoot(returnUrl))], l["signIn"]);
        var fields = $"<p><label>{E(l["user"])} <input name=\"user\" autocomplete=\"username\" required></label></p>" +
            $"<p><label>{E(l["password"])} <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p> <button";
        return page.Raw(form.Replace("class=\"inline\"", "id=\"sign-in\"", StringComparison.Ordinal).Replace("<button", fields, StringComparison.Ordinal))
            .Result(failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }

    /// <summary>Only paths on this site: a sign-in link cannot send the user elsewhere.</summary>
    public static string LocalOrRoot(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
