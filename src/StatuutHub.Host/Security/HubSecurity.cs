using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using StatuutHub.Host.Problems;

namespace StatuutHub.Host.Security;

/// <summary>Authentication (API keys and client certificates for callers, a cookie for the dashboard),
/// the authorisation policies every endpoint names, and rate limits per credential.</summary>
public static class HubSecurity
{
    public const string StaffCookie = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The rate-limit policy of <c>POST /aanmelden</c>.</summary>
    public const string SignInPolicy = "sign-in";

    public static void AddStatuutHubSecurity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Security");
        // Validated with the rest of the section at start-up: outside Development the hub refuses to start with it.
        builder.Services.AddSingleton(new DemoMode(section.GetValue("DemoCredentials", false)));
        builder.Services.AddOptions<SecurityOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>, StatuutHub.Host.Hosting.InsecureSettings>();
        builder.Services.AddSingleton<CredentialDirectory>();
        builder.Services.AddSingleton<SignInLockout>();
        builder.Services.AddSingleton<PasswordSignIn>();

        if (section["DataProtectionKeysDirectory"] is { Length: > 0 } keys)
        {
            // Several hub processes behind one address must share these, or a cookie from one is refused by the next. On disk the ring
            // is encrypted to a certificate when one is given (outside Development one must be: InsecureSettings).
            var ring = builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName("StatuutHub");
            if (section["DataProtectionCertificatePath"] is { Length: > 0 } certificate)
            {
                ring.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                    certificate, section["DataProtectionCertificatePassword"], System.Security.Cryptography.X509Certificates.X509KeyStorageFlags.EphemeralKeySet));
            }
        }

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Hub";
                o.DefaultChallengeScheme = CredentialAuthenticationHandler.SchemeName;
            })
            .AddPolicyScheme("Hub", "API credential or staff cookie", o =>
                o.ForwardDefaultSelector = http => CredentialAuthenticationHandler.Presents(http.Request) ? CredentialAuthenticationHandler.SchemeName : StaffCookie)
            .AddScheme<AuthenticationSchemeOptions, CredentialAuthenticationHandler>(CredentialAuthenticationHandler.SchemeName, null)
            .AddCookie(StaffCookie, o =>
            {
                o.Cookie.Name = "statuut.staff";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/aanmelden";
                o.LogoutPath = "/afmelden";
                o.AccessDeniedPath = "/geweigerd";
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnValidatePrincipal = context =>
                {
                    // A removed staff member, one whose role changed, or a person no longer of that initiative is signed out at the next request.
                    var caller = HubCaller.From(context.Principal!);
                    var directory = context.HttpContext.RequestServices.GetRequiredService<CredentialDirectory>();
                    if (caller is null || !directory.StillValid(caller))
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                };
            });

        builder.Services.AddAuthorizationBuilder()
            // An endpoint that names no policy is closed: only an explicit AllowAnonymous opens one.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(HubPolicies.Initiative, p => p.AddAuthenticationSchemes(CredentialAuthenticationHandler.SchemeName).RequireClaim(HubCaller.KindClaim, nameof(CallerKind.Initiative)))
            .AddPolicy(HubPolicies.Agency, p => p.AddAuthenticationSchemes(CredentialAuthenticationHandler.SchemeName).RequireClaim(HubCaller.KindClaim, nameof(CallerKind.Agency)))
            .AddPolicy(HubPolicies.StaffViewer, p => p.AddAuthenticationSchemes(CredentialAuthenticationHandler.SchemeName).RequireRole(StaffRoles.Viewer, StaffRoles.Operator))
            .AddPolicy(HubPolicies.StaffOperator, p => p.AddAuthenticationSchemes(CredentialAuthenticationHandler.SchemeName).RequireRole(StaffRoles.Operator))
            .AddPolicy(HubPolicies.DashboardViewer, p => p.AddAuthenticationSchemes(StaffCookie).RequireRole(StaffRoles.Viewer, StaffRoles.Operator))
            .AddPolicy(HubPolicies.DashboardOperator, p => p.AddAuthenticationSchemes(StaffCookie).RequireRole(StaffRoles.Operator))
            .AddPolicy(HubPolicies.Portal, p => p.AddAuthenticationSchemes(StaffCookie).RequireRole(PortalRoles.Initiative).RequireClaim(HubCaller.KindClaim, nameof(CallerKind.Initiative)))
            .AddPolicy(HubPolicies.OfficePages, p => p.AddAuthenticationSchemes(StaffCookie).RequireClaim(HubCaller.KindClaim, nameof(CallerKind.Office)))
            .AddPolicy(HubPolicies.OfficeApi, p => p.AddAuthenticationSchemes(CredentialAuthenticationHandler.SchemeName).RequireClaim(HubCaller.KindClaim, nameof(CallerKind.Office)));

        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var caller = HubCaller.From(http.User);
                var key = caller is null ? $"address:{http.Connection.RemoteIpAddress}" : $"{caller.Kind}:{caller.Name}";
                var limits = http.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.RateLimit;
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerPeriod,
                    ReplenishmentPeriod = limits.Period,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            // Sign-in gets its own, stricter bucket per address on top of the general one: guessing passwords stays slow.
            o.AddPolicy(SignInPolicy, http => RateLimitPartition.GetFixedWindowLimiter($"sign-in:{http.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.SignIn.PermitsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                await HubProblems.Single(StatusCodes.Status429TooManyRequests, "RATE_LIMITED",
                    "Te veel verzoeken met deze sleutel; probeer later opnieuw.", "Too many requests with this credential; try again later.")
                    .ExecuteAsync(context.HttpContext);
            };
        });

        var clientCertificates = section["ClientCertificates"] ?? "none";
        if (clientCertificates != "none")
        {
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = clientCertificates == "require" ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;
                // Identity is decided by the pinned thumbprint (Security:*:CertificateThumbprints), not by a CA chain.
                https.ClientCertificateValidation = (_, _, _) => true;
            }));
        }
    }

    public static void UseStatuutHubSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        // What a caller reads under its credential (statuses, personal data, staff pages) is for that caller only: no browser,
        // proxy or shared cache keeps it.
        app.Use((http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                });
            }

            return next(http);
        });
        app.UseRateLimiter();
        app.UseAuthorization();
    }
}

/// <summary>The policy names endpoints require.</summary>
public static class HubPolicies
{
    public const string Initiative = "initiative";
    public const string Agency = "agency";
    public const string StaffViewer = "staff-viewer";
    public const string StaffOperator = "staff-operator";
    public const string DashboardViewer = "dashboard-viewer";
    public const string DashboardOperator = "dashboard-operator";

    /// <summary>A person of an initiative, signed in to its pages.</summary>
    public const string Portal = "portal";

    /// <summary>The inbox pages of an office (<c>/kantoor</c>): one of its people, signed in.</summary>
    public const string OfficePages = "office-pages";

    /// <summary>The inbox API of an office (<c>/api/v1/inbox</c>): its key or client certificate.</summary>
    public const string OfficeApi = "office-api";
}
