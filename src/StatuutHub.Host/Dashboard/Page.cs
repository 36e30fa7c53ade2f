using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace StatuutHub.Host.Dashboard;

/// <summary>Builds one dashboard page. Every value from data goes through <see cref="E"/> (HTML-encoded);
/// the only raw HTML is the page's own markup. No scripts: the pages work as plain forms and links.</summary>
public sealed class Page
{
    private readonly StringBuilder _body = new();
    private readonly HttpContext _http;

    public Page(HttpContext http, Func<Labels, string> title)
    {
        _http = http;
        L = Labels.For(http);
        Title = title(L);
    }

    public Labels L { get; }

    public string Title { get; }

    /// <summary>HTML-encodes text.</summary>
    public static string E(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? string.Empty);

    public Page Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    /// <summary>The hidden anti-forgery field every POST form of the dashboard carries.</summary>
    public string AntiforgeryField()
    {
        var tokens = _http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(_http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>A POST form with the anti-forgery token and one button.</summary>
    public string ActionForm(string action, IEnumerable<(string Name, string Value)> fields, string button)
    {
        var html = new StringBuilder($"<form method=\"post\" action=\"{E(action)}\" class=\"inline\">");
        html.Append(AntiforgeryField());
        foreach (var (name, value) in fields)
        {
            html.Append($"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">");
        }

        html.Append($"<button type=\"submit\">{E(button)}</button></form>");
        return html.ToString();
    }

    /// <summary>The page with layout and navigation.</summary>
    public IResult Result(int status = StatusCodes.Status200OK)
    {
        // A person of an initiative sees the initiative's pages; staff the support dashboard.
        var nav = Security.HubCaller.From(_http.User)?.Kind == Security.CallerKind.Initiative
            ? new[] { ("/initiatief", L["myAttests"]), ("/initiatief/nieuw", L["newAttest"]), ("/initiatief/bestand", L["uploadBatch"]) }
            : [("/", L["overview"]), ("/bezorgingen", L["deliveries"]), ("/mislukt", L["failures"]), ("/bezorgingen?state=DeadLettered", L["deadLetters"]), ("/terugmeldingen", L["callbacks"]), ("/zoeken", L["search"]), ("/deelnemer", L["participantHistory"]), ("/meldingen", L["alerts"]), ("/statistieken", L["statistics"])];
        var signedIn = _http.User.Identity?.IsAuthenticated == true;
        var links = signedIn ? string.Join(" ", nav.Select(n => $"<a href=\"{n.Item1}\">{E(n.Item2)}</a>")) : string.Empty;
        var who = signedIn
            ? $"<span id=\"who\">{E(_http.User.Identity!.Name)} ({E(_http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value)})</span> {ActionForm("/afmelden", [], L["signOut"])} · "
            : string.Empty;
        var html = $$"""
            <!DOCTYPE html>
            <html lang="{{L.Lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(Title)}} · StatuutHub</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f9; }
            header { background: #00334d; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.2rem; align-items: center; flex-wrap: wrap; }
            header a { color: #fff; text-decoration: none; } header strong { margin-right: 1rem; } header nav { display: flex; gap: 1.2rem; flex-wrap: wrap; }
            main { padding: 1rem 1.2rem; }
            .cards { display: flex; gap: .8rem; flex-wrap: wrap; }
            .card { background: #fff; border: 1px solid #d8dde3; border-radius: 6px; padding: .6rem .9rem; min-width: 9rem; }
            .card .n { font-size: 1.8rem; font-weight: 600; }
            .warn .n { color: #b15300; } .bad .n { color: #b00020; } .good .n { color: #136f2d; }
            table { border-collapse: collapse; background: #fff; margin: .6rem 0 1.2rem; }
            th, td { border: 1px solid #d8dde3; padding: .3rem .5rem; text-align: left; vertical-align: top; font-size: .92rem; }
            th { background: #eef1f4; }
            form.inline { display: inline; } button { cursor: pointer; }
            .lang { margin-left: auto; }
            .skip { position: absolute; left: -999px; } .skip:focus { left: .5rem; top: .5rem; background: #fff; color: #00334d; padding: .3rem .6rem; }
            a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f0a500; outline-offset: 1px; }
            .problem { color: #b00020; font-weight: 600; display: block; } .summary { border: 3px solid #b00020; padding: .4rem .9rem; background: #fff; }
            .field { margin: .5rem 0; } .field label { display: block; font-weight: 600; } .hint { color: #4a4a4a; font-size: .9rem; display: block; }
            caption { text-align: left; font-weight: 600; padding: .2rem 0; }
            @media print { header, .no-print, .skip { display: none; } body { background: #fff; } main { padding: 0; } @page { size: A4; margin: 15mm; } }
            </style>
            </head>
            <body>
            <a class="skip" href="#main">{{E(L["skipToContent"])}}</a>
            <header><strong>StatuutHub</strong><nav aria-label="{{E(L["navigation"])}}">{{links}}</nav>
            <span class="lang">{{who}}<a href="?lang=nl">NL</a> · <a href="?lang=en">EN</a></span></header>
            <main id="main" tabindex="-1">
            <h1>{{E(Title)}}</h1>
            {{_body}}
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
