using System.Net;
using System.Text.RegularExpressions;

namespace StatuutHub.Host.Tests.Hosting;

/// <summary>The dashboard's sign-in form driven over plain HTTP (cookies handled by hand, so a <c>Secure</c> cookie can be
/// inspected on a loopback <c>http://</c> address).</summary>
public sealed partial class SignInForm(Uri baseAddress, IDictionary<string, string>? headers = null) : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>Fetches a fresh form and posts it; the answer as it came.</summary>
    public async Task<HttpResponseMessage> PostAsync(string user, string password)
    {
        var form = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "aanmelden"));
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenField().Match(html);
        var cookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var post = new HttpRequestMessage(HttpMethod.Post, "aanmelden")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
                ["user"] = user,
                ["password"] = password,
                ["returnUrl"] = "/",
            }),
        };
        post.Headers.Add("Cookie", cookie);
        return await SendAsync(post);
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return _client.SendAsync(request);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
