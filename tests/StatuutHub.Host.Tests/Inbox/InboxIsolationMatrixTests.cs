using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Inbox;

/// <summary>Every inbox endpoint × every kind of caller, with one request addressed to OCMW 44021 (A) and one to OCMW 11002 (B): an office
/// reads and decides only what is addressed to it, and another office's request answers exactly like one that does not exist.
/// Expectations: a status, then <c>+A</c> / <c>-A</c> (request A is / is not in the answer), <c>:CODE</c> (a problem code in it) or
/// <c>&gt;/path</c> (where a redirect points). No case changes a request: the decisions tried are refused before anything is applied.</summary>
public sealed class InboxIsolationMatrixTests(InboxIsolationMatrixTests.TwoOffices fixture) : IClassFixture<InboxIsolationMatrixTests.TwoOffices>
{
    public enum Caller
    {
        Anonymous,
        Initiative,
        OcmwAgency,
        Staff,
        Office,
        OfficeReader,
        OtherOffice,
    }

    private const string SignIn = "302>/aanmelden";
    private const string NotAllowed = "403:NOT_ALLOWED";
    private const string NotAuthenticated = "401:NOT_AUTHENTICATED";
    private const string Elsewhere = "302>/geweigerd";

    // Columns in the order of Caller: anonymous, initiative (key), the OCMW agency (key), staff (session and key), the demo office's
    // decider (session and the office's key), its reader (session only), the other office's decider (session and key).
    private static readonly (string Endpoint, string[] Expect)[] Matrix =
    [
        ("GET /kantoor", [SignIn, SignIn, SignIn, Elsewhere, "200 +A -B", "200 +A -B", "200 +B -A"]),
        ("GET /kantoor/beslist", [SignIn, SignIn, SignIn, Elsewhere, "200 -A -B", "200 -A -B", "200 -A -B"]),
        ("GET /kantoor/aanvragen/A", [SignIn, SignIn, SignIn, Elsewhere, "200 +A", "200 +A", "404 -A"]),
        ("GET /kantoor/aanvragen/B", [SignIn, SignIn, SignIn, Elsewhere, "404 -B", "404 -B", "200 +B"]),
        ("POST /kantoor/aanvragen/A/beslissen", [SignIn, SignIn, SignIn, Elsewhere, "400 +A", "403", "404 -A"]),
        ("GET /api/v1/inbox", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, "200 +A -B", NotAuthenticated, "200 +B -A"]),
        ("GET /api/v1/inbox/A", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, "200 +A", NotAuthenticated, "404:REQUEST_NOT_FOUND"]),
        ("GET /api/v1/inbox/B", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, "404:REQUEST_NOT_FOUND", NotAuthenticated, "200 +B"]),
        ("POST /api/v1/inbox/A/decision", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, "400:REASON_UNKNOWN", NotAuthenticated, "404:REQUEST_NOT_FOUND"]),
    ];

    public static TheoryData<string, Caller, string> Cases()
    {
        var data = new TheoryData<string, Caller, string>();
        foreach (var (endpoint, expect) in Matrix)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                data.Add(endpoint, caller, expect[(int)caller]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InboxEndpoint_AnswersEachCaller_AsTheMatrixSays(string endpoint, Caller caller, string expected)
    {
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1].Replace("/A", $"/{fixture.A}", StringComparison.Ordinal).Replace("/B", $"/{fixture.B}", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = await fixture.BodyAsync(endpoint, caller) };
        using var response = await fixture.Client(caller).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = expected.Split(' ', ':', '>')[0];
        Assert.True(status == ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location} {body[..Math.Min(body.Length, 300)]}");
        foreach (var part in expected.Split(' ').Skip(1))
        {
            var id = part[1] == 'A' ? fixture.A : fixture.B;
            var marker = path.StartsWith("/api", StringComparison.Ordinal) ? $"\"request\":{id}," : $"data-delivery=\"{id}\"";
            Assert.True(part[0] == '+' == body.Contains(marker, StringComparison.Ordinal), $"{endpoint} as {caller}: expected {part} in {body[..Math.Min(body.Length, 300)]}");
        }

        if (expected.Contains(':', StringComparison.Ordinal))
        {
            Assert.Contains(expected.Split(':')[1], body, StringComparison.Ordinal);
        }

        if (expected.Contains('>', StringComparison.Ordinal))
        {
            var location = response.Headers.Location;
            Assert.StartsWith(expected.Split('>')[1], location is { IsAbsoluteUri: true } ? location.PathAndQuery : location?.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnotherOfficesRequest_AnswersExactlyLikeAMissingOne()
    {
        using var office = fixture.Client(Caller.Office);
        var foreign = await (await office.GetAsync($"api/v1/inbox/{fixture.B}")).Content.ReadAsStringAsync();
        var absent = await (await office.GetAsync("api/v1/inbox/999999")).Content.ReadAsStringAsync();
        string Plain(string text) => Regex.Replace(text, "\"(traceId|correlationId)\":\"[^\"]*\"", string.Empty);
        Assert.Equal(Plain(absent), Plain(foreign));
    }

    /// <summary>One hub with the OCMW on the inbox, request A to OCMW 44021 and B to OCMW 11002, and a client per caller.</summary>
    public sealed class TwoOffices : IAsyncLifetime
    {
        private readonly Dictionary<Caller, HttpClient> _clients = [];

        public TestHub Hub { get; private set; } = null!;

        public long A { get; private set; }

        public long B { get; private set; }

        public HttpClient Client(Caller caller) => _clients[caller];

        public async Task InitializeAsync()
        {
            Hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
            var a = await InboxHub.SubmitAsync(Hub, InboxHub.Leefloon("44021"));
            var b = await InboxHub.SubmitAsync(Hub, InboxHub.Leefloon("11002"));
            var address = Hub.Hub.BaseAddress;
            HttpClient WithKey(string? key)
            {
                var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
                if (key is not null)
                {
                    client.DefaultRequestHeaders.Authorization = new("Bearer", key);
                }

                return client;
            }

            _clients[Caller.Anonymous] = WithKey(null);
            _clients[Caller.Initiative] = WithKey(DemoCredentials.InitiativeKey);
            _clients[Caller.OcmwAgency] = WithKey(DemoCredentials.AgencyKey(StatuutHub.Domain.Routing.DestinationKind.Ocmw));
            _clients[Caller.Staff] = await TestCredentials.StaffClientAsync(address, DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
            _clients[Caller.Staff].DefaultRequestHeaders.Add("X-Api-Key", DemoCredentials.OperatorKey);
            _clients[Caller.Office] = await TestCredentials.StaffClientAsync(address, DemoCredentials.OfficeUser, DemoCredentials.OfficePassword);
            _clients[Caller.Office].DefaultRequestHeaders.Add("X-Api-Key", DemoCredentials.OfficeKey);
            _clients[Caller.OfficeReader] = await TestCredentials.StaffClientAsync(address, DemoCredentials.OfficeReaderUser, DemoCredentials.OfficeReaderPassword);
            _clients[Caller.OtherOffice] = await TestCredentials.StaffClientAsync(address, DemoCredentials.OtherOfficeUser, DemoCredentials.OtherOfficePassword);
            _clients[Caller.OtherOffice].DefaultRequestHeaders.Add("X-Api-Key", DemoCredentials.OtherOfficeKey);
            A = await InboxHub.RequestOfAsync(_clients[Caller.Office], a);
            B = await InboxHub.RequestOfAsync(_clients[Caller.OtherOffice], b);
        }

        /// <summary>A decision refused before it is applied (a reason no body has), posted as the caller's browser or script would.</summary>
        public async Task<HttpContent?> BodyAsync(string endpoint, Caller caller)
        {
            switch (endpoint)
            {
                case "POST /api/v1/inbox/A/decision":
                    return new StringContent("{\"approve\":false,\"reasonCode\":\"NO_SUCH_REASON\"}", Encoding.UTF8, "application/json");
                case "POST /kantoor/aanvragen/A/beslissen":
                    var fields = new Dictionary<string, string> { ["outcome"] = "refuse", ["reason"] = "NO_SUCH_REASON", ["confirmed"] = "1" };
                    if (caller is Caller.Office or Caller.OfficeReader or Caller.OtherOffice or Caller.Staff)
                    {
                        // The anti-forgery token of the caller's own session, as their browser would post it.
                        var page = await _clients[caller].GetStringAsync(caller == Caller.Staff ? "/zoeken" : "/kantoor");
                        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
                    }

                    return new FormUrlEncodedContent(fields);
                default:
                    return null;
            }
        }

        public async Task DisposeAsync()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            await Hub.DisposeAsync();
        }
    }
}
