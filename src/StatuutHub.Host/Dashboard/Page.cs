using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace StatuutHub.Host.Dashboard;

/// <summary>One page of the dashboard or the initiatives' pages: a Razor component framed by <see cref="Razor.DashboardShell"/>; the
/// framework encodes every value. No scripts: the pages work as plain forms and links.</summary>
public sealed class Page
{
    private readonly HttpContext _http;
    private readonly bool _french;
    private RenderFragment? _component;

    /// <param name="french">True on the pages offered in French too (the office pages).</param>
    public Page(HttpContext http, Func<Labels, string> title, bool french = false)
    {
        _http = http;
        _french = french;
        L = Labels.For(http, french);
        Title = title(L);
    }

    public Labels L { get; }

    public string Title { get; }

    /// <summary>HTML-encodes text (for the SVG chart, the one piece of markup composed in code).</summary>
    public static string Encode(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? string.Empty);

    /// <summary>The page's content as a Razor component (instead of markup).</summary>
    public Page Component<TComponent>(IReadOnlyDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        _component = Fragment<TComponent>(parameters);
        return this;
    }

    /// <summary>A page that only says something (<see cref="Razor.MessageView"/>), with its status.</summary>
    public IResult Message(string text, int status, string? id = null) =>
        Component<Razor.MessageView>(new Dictionary<string, object?> { [nameof(Razor.MessageView.Text)] = text, [nameof(Razor.MessageView.Id)] = id }).Result(status);

    /// <summary>A component with its parameters, to render inside another.</summary>
    public static RenderFragment Fragment<TComponent>(IReadOnlyDictionary<string, object?> parameters)
        where TComponent : IComponent => b =>
    {
        b.OpenComponent<TComponent>(0);
        foreach (var (name, value) in parameters)
        {
            b.AddComponentParameter(1, name, value);
        }

        b.CloseComponent();
    };

    /// <summary>The page with layout and navigation, rendered by the framework (<see cref="Razor.DashboardShell"/>).</summary>
    public IResult Result(int status = StatusCodes.Status200OK)
    {
        // A person of an initiative sees the initiative's pages, a person of an office its inbox; staff the support dashboard.
        (string, string)[] nav = Security.HubCaller.From(_http.User)?.Kind switch
        {
            Security.CallerKind.Initiative => [("/initiatief", L["myAttests"]), ("/initiatief/nieuw", L["newAttest"]), ("/initiatief/bestand", L["uploadBatch"])],
            Security.CallerKind.Office => [("/kantoor", L["inboxToHandle"]), ("/kantoor/beslist", L["inboxDecided"])],
            _ => [("/", L["overview"]), ("/bezorgingen", L["deliveries"]), ("/mislukt", L["failures"]), ("/bezorgingen?state=DeadLettered", L["deadLetters"]), ("/terugmeldingen", L["callbacks"]), ("/zoeken", L["search"]), ("/deelnemer", L["participantHistory"]), ("/meldingen", L["alerts"]), ("/statistieken", L["statistics"])],
        };
        var signedIn = _http.User.Identity?.IsAuthenticated == true;
        return new RazorComponentResult<Razor.DashboardShell>(new Dictionary<string, object?>
        {
            [nameof(Razor.DashboardShell.L)] = L,
            [nameof(Razor.DashboardShell.Title)] = Title,
            [nameof(Razor.DashboardShell.Navigation)] = signedIn ? nav : Array.Empty<(string, string)>(),
            [nameof(Razor.DashboardShell.Who)] = signedIn ? $"{_http.User.Identity!.Name} ({_http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value})" : null,
            [nameof(Razor.DashboardShell.Body)] = _component ?? (_ => { }),
            [nameof(Razor.DashboardShell.Languages)] = _french ? new[] { "nl", "fr", "en" } : ["nl", "en"],
        })
        {
            StatusCode = status,
            ContentType = "text/html; charset=utf-8",
        };
    }
}
