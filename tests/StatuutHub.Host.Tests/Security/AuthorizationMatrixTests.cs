using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Security;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Host.Tests.Security;

/// <summary>Every endpoint × every kind of caller, against one hub. Each case makes its own attest, so
/// no case depends on another's order. Expectations: a status, then <c>:CODE</c> (the problem or fault
/// code in the body) or <c>&gt;/path</c> (where a redirect points).</summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.HubWithCallers fixture) : IClassFixture<AuthorizationMatrixTests.HubWithCallers>
{
    public enum Role
    {
        Anonymous,
        Initiative,
        OtherInitiative,
        Agency,
        OtherAgency,
        Viewer,
        Operator,
    }

    private const string NotAuthenticated = "401:NOT_AUTHENTICATED";
    private const string NotAllowed = "403:NOT_ALLOWED";
    private const string SignIn = "302>/aanmelden";

    // The initiative's pages are for a person of the initiative signed in; staff are sent to "not allowed".
    private const string Staff = "302>/geweigerd";

    // One row per endpoint; columns in the order of Role: anonymous, initiative, other initiative,
    // agency (rva, the agency of the path), other agency (ocmw), viewer, operator.
    private static readonly (string Endpoint, string[] Expect)[] Matrix =
    [
        ("POST /api/v1/attests", [NotAuthenticated, "202", "403:INITIATIVE_MISMATCH", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("GET /api/v1/attests/{id}", [NotAuthenticated, "200", "404:ATTEST_NOT_FOUND", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("GET /api/v1/attests", [NotAuthenticated, "200", "200", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("GET /api/v1/attests/{id}/receipt", [NotAuthenticated, "409:NOT_RECOGNISED", "404:ATTEST_NOT_FOUND", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("GET /.well-known/statuut-receipt-keys", ["200", "200", "200", "200", "200", "200", "200"]),
        ("PUT /api/v1/attests/{id}", [NotAuthenticated, "202", "404:ATTEST_NOT_FOUND", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("POST /api/v1/attests/{id}/cancel", [NotAuthenticated, "202", "404:ATTEST_NOT_FOUND", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("POST /api/v1/routing/preview", [NotAuthenticated, "200", "200", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("POST /soap/attest GetAttestStatus", [NotAuthenticated, "200", "500:ATTEST_NOT_FOUND", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("POST /soap/attest SubmitAttest", [NotAuthenticated, "200", "500:INITIATIVE_MISMATCH", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("GET /soap/attest?wsdl", ["200", "200", "200", "200", "200", "200", "200"]),
        ("POST /soap/v2/attest GetAttestStatus", [NotAuthenticated, "200", "500:ATTEST_NOT_FOUND", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("POST /soap/v2/attest SubmitAttest", [NotAuthenticated, "200", "500:INITIATIVE_MISMATCH", NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("GET /soap/v2/attest?wsdl", ["200", "200", "200", "200", "200", "200", "200"]),
        ("POST /api/v1/acks/rva", [NotAuthenticated, NotAllowed, NotAllowed, "200", "403:NOT_YOUR_AGENCY", NotAllowed, NotAllowed]),
        ("GET /api/v1/admin/overview", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("GET /api/v1/admin/deliveries", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("GET /api/v1/admin/failures", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("GET /api/v1/admin/conflicts", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("GET /api/v1/admin/attests/{id}", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("GET /api/v1/admin/audit/verify", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("POST /api/v1/admin/search", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("POST /api/v1/admin/audit/checkpoint", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("POST /api/v1/admin/audit/verify-checkpoint", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("POST /api/v1/admin/deliveries/{delivery}/retry", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("POST /api/v1/admin/deliveries/{delivery}/ask-status", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "404:NOT_AWAITING_DECISION"]),
        ("POST /api/v1/admin/backup", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("POST /api/v1/admin/dead-letters/replay", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("POST /api/v1/admin/dead-letters/archive", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("POST /api/v1/admin/dead-letters/unarchive", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("POST /api/v1/admin/attests/{id}/cancel", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "202"]),
        ("PUT /api/v1/admin/initiatives/{kbo}/callback", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("DELETE /api/v1/admin/initiatives/{kbo}/callback", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "204"]),
        ("GET /api/v1/admin/callbacks", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("GET /api/v1/admin/callbacks/events", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("POST /api/v1/admin/callbacks/retry", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("GET /", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /bezorgingen", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /mislukt", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /attesten/{id}", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /zoeken", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("POST /zoeken", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("POST /acties/opnieuw", [SignIn, SignIn, SignIn, SignIn, SignIn, "302>/geweigerd", "302>/mislukt"]),
        ("POST /acties/status-opvragen", [SignIn, SignIn, SignIn, SignIn, SignIn, "302>/geweigerd", "302>/mislukt"]),
        ("POST /acties/selectie", [SignIn, SignIn, SignIn, SignIn, SignIn, "302>/geweigerd", "200"]),
        ("GET /bezorgingen/{delivery}", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /assets/overzicht-vernieuwen.js", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /statistieken", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /statistieken/export", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("POST /acties/statistieken", [SignIn, SignIn, SignIn, SignIn, SignIn, "302>/geweigerd", "302>/statistieken"]),
        ("GET /api/v1/statistics", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("POST /api/v1/admin/statistics/refresh", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200"]),
        ("GET /terugmeldingen", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /deelnemer", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /bezorgingen/export", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /meldingen", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /api/v1/admin/alerts", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, "200", "200"]),
        ("POST /deelnemer", [SignIn, SignIn, SignIn, SignIn, SignIn, "200", "200"]),
        ("GET /initiatief", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("GET /initiatief/nieuw", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("POST /initiatief/nieuw", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        // The office pages and API: for the people and keys of an office on the inbox only (InboxIsolationMatrixTests has their columns).
        ("GET /kantoor", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("GET /kantoor/beslist", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("GET /kantoor/aanvragen/{delivery}", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("POST /kantoor/aanvragen/{delivery}/beslissen", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("GET /api/v1/inbox", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("GET /api/v1/inbox/{delivery}", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("POST /api/v1/inbox/{delivery}/decision", [NotAuthenticated, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        ("GET /initiatief/attesten/{id}", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("GET /initiatief/attesten/{id}/bewijs", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("GET /initiatief/bestand", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("POST /initiatief/bestand", [SignIn, SignIn, SignIn, SignIn, SignIn, Staff, Staff]),
        ("GET /bewijs", ["400", "400", "400", "400", "400", "400", "400"]),
        ("POST /acties/terugmeldingen-opnieuw", [SignIn, SignIn, SignIn, SignIn, SignIn, "302>/geweigerd", "302>/terugmeldingen"]),
        ("GET /aanmelden", ["200", "200", "200", "200", "200", "200", "200"]),
        ("POST /aanmelden without anti-forgery token", ["400", "400", "400", "400", "400", "400", "400"]),
        ("POST /afmelden without anti-forgery token", ["400", "400", "400", "400", "400", "400", "400"]),
        ("GET /geweigerd", ["403", "403", "403", "403", "403", "403", "403"]),
        ("GET /health/live", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /health/ready", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /metrics", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /openapi/v1.json", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /api-reference/v1", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /api-reference/scalar.js", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /api-reference/scalar.aspnetcore.js", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /api-reference/favicon.svg", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /schemas/attest-v2.xsd", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /api/v1/problem-codes", ["200", "200", "200", "200", "200", "200", "200"]),
        ("GET /api/v1/no-such-endpoint", [NotAuthenticated, "404", "404", "404", "404", "404", "404"]),
    ];

    public static TheoryData<string, Role, string> Cases()
    {
        var data = new TheoryData<string, Role, string>();
        foreach (var (endpoint, expect) in Matrix)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                data.Add(endpoint, role, expect[(int)role]);
            }
        }

        return data;
    }

    [Fact]
    public void TheMatrixCoversEveryMappedEndpoint()
    {
        var mapped = fixture.Hub.Hub.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Select(e => Regex.Replace(e, @"\{(\w+)(:\w+)?\}", m => m.Groups[1].Value is "deliveryId" or "request" ? "{delivery}" : m.Groups[1].Value == "attestId" ? "{id}" : m.Value))
            // The API description's parameters, as the matrix calls them.
            .Select(e => e.Replace("{documentName}", "v1", StringComparison.Ordinal).Replace("{documentName?}", "v1", StringComparison.Ordinal).Replace("{name}", "attest-v2.xsd", StringComparison.Ordinal))
            .ToHashSet();
        var covered = Matrix.Select(r => r.Endpoint.Split(' ', 3)).Select(p => $"{p[0]} {p[1].Split('?')[0]}").ToHashSet();
        mapped.Remove("GET /api/v1/acks/{agency}");
        Assert.Empty(mapped.Select(m => m.Replace("/acks/{agency}", "/acks/rva", StringComparison.Ordinal)).Except(covered).Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_AnswersEachRole_AsTheMatrixSays(string endpoint, Role role, string expected)
    {
        using var request = await fixture.RequestAsync(endpoint, role);
        using var response = await fixture.Client(role).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = expected.Split(':', '>')[0];
        Assert.True(status == ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{endpoint} as {role}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location} {body[..Math.Min(body.Length, 300)]}");
        if (expected.Contains(':', StringComparison.Ordinal))
        {
            Assert.Contains(expected.Split(':')[1], body, StringComparison.Ordinal);
        }

        // Whatever a caller reads under a credential the hub accepted is kept by no cache; an anonymous answer may be.
        if (role != Role.Anonymous && response.StatusCode != System.Net.HttpStatusCode.Unauthorized)
        {
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{endpoint} as {role}: Cache-Control {response.Headers.CacheControl}");
        }

        if (expected.Contains('>', StringComparison.Ordinal))
        {
            var location = response.Headers.Location;
            Assert.StartsWith(expected.Split('>')[1], location is { IsAbsoluteUri: true } ? location.PathAndQuery : location?.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnotherInitiativesAttest_AnswersExactlyLikeAMissingOne()
    {
        var attestId = await fixture.NewAttestAsync();
        var missing = Guid.NewGuid();
        using var other = fixture.Client(Role.OtherInitiative);
        var foreign = await (await other.GetAsync($"api/v1/attests/{attestId}")).Content.ReadAsStringAsync();
        var absent = await (await other.GetAsync($"api/v1/attests/{missing}")).Content.ReadAsStringAsync();
        Assert.Equal(Regex.Replace(absent, "\"(traceId|correlationId)\":\"[^\"]*\"", string.Empty).Replace(missing.ToString(), "ID", StringComparison.Ordinal),
            Regex.Replace(foreign, "\"(traceId|correlationId)\":\"[^\"]*\"", string.Empty).Replace(attestId.ToString(), "ID", StringComparison.Ordinal));
    }

    /// <summary>One hub (agencies hold their decisions, so the matrix gives them), and a client per role:
    /// keys for API callers; staff hold both a dashboard session and their API key.</summary>
    public sealed class HubWithCallers : IAsyncLifetime
    {
        private readonly Dictionary<Role, HttpClient> _clients = [];

        public TestHub Hub { get; private set; } = null!;

        public HttpClient Client(Role role) => _clients[role];

        public async Task InitializeAsync()
        {
            Hub = await TestHub.StartAsync("--Simulator:DecisionDelay=01:00:00");
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

            _clients[Role.Anonymous] = WithKey(null);
            _clients[Role.Initiative] = WithKey(DemoCredentials.InitiativeKey);
            _clients[Role.OtherInitiative] = WithKey(DemoCredentials.OtherInitiativeKey);
            _clients[Role.Agency] = WithKey(DemoCredentials.AgencyKey(DestinationKind.Rva));
            _clients[Role.OtherAgency] = WithKey(DemoCredentials.AgencyKey(DestinationKind.Ocmw));
            _clients[Role.Viewer] = await TestCredentials.StaffClientAsync(address, DemoCredentials.ViewerUser, DemoCredentials.ViewerPassword);
            _clients[Role.Viewer].DefaultRequestHeaders.Add("X-Api-Key", DemoCredentials.ViewerKey);
            _clients[Role.Operator] = await TestCredentials.StaffClientAsync(address, DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
            _clients[Role.Operator].DefaultRequestHeaders.Add("X-Api-Key", DemoCredentials.OperatorKey);
        }

        public async Task DisposeAsync()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            await Hub.DisposeAsync();
        }

        /// <summary>A fresh attest of the demo initiative, with its RVA message sent (so an ack has something to decide).</summary>
        public async Task<Guid> NewAttestAsync()
        {
            var attest = Attests.New("UNEMPLOYMENT");
            Assert.Equal(HttpStatusCode.Accepted, (await Hub.SubmitAsync(attest)).StatusCode);
            return Attests.IdOf(attest);
        }

        public async Task<HttpRequestMessage> RequestAsync(string endpoint, Role role)
        {
            var parts = endpoint.Split(' ', 3);
            var method = new HttpMethod(parts[0]);
            var path = parts[1];
            var attest = Attests.New("UNEMPLOYMENT");
            Assert.Equal(HttpStatusCode.Accepted, (await Hub.SubmitAsync(attest)).StatusCode);
            var id = Attests.IdOf(attest);
            path = path.Replace("{id}", id.ToString(), StringComparison.Ordinal);
            if (path.Contains("{delivery}", StringComparison.Ordinal))
            {
                // The first delivery of the attest just submitted.
                var stored = await Hub.Hub.App.Services.GetRequiredService<StatuutHub.Storage.Contract.IHubStore>().GetAttestAsync(id, default);
                path = path.Replace("{delivery}", stored!.Deliveries[0].DeliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            HttpContent? content = null;
            switch (endpoint)
            {
                case "POST /api/v1/attests" or "POST /api/v1/routing/preview":
                    content = Json(Attests.New("UNEMPLOYMENT"));
                    break;
                case "PUT /api/v1/attests/{id}":
                    attest["activity"]!["hoursPerWeek"] = 12;
                    content = Json(attest);
                    break;
                case "POST /api/v1/acks/rva":
                    // The RVA's message goes once VDAB approved: VDAB answers first, then the RVA has its message.
                    await Hub.DispatchUntilIdleAsync();
                    var vdabMessage = (await Hub.StatusAsync(id)).GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("destination").GetString() == "vdab").GetProperty("messageId").GetString();
                    using (var vdab = new HttpClient { BaseAddress = Hub.Hub.BaseAddress })
                    {
                        vdab.DefaultRequestHeaders.Authorization = new("Bearer", DemoCredentials.AgencyKey(DestinationKind.Vdab));
                        Assert.Equal(HttpStatusCode.OK, (await vdab.PostAsJsonAsync("api/v1/acks/vdab", new { messageId = vdabMessage, decision = "APPROVED", reference = "VDAB-1" })).StatusCode);
                    }

                    await Hub.DispatchUntilIdleAsync();
                    var status = await Hub.StatusAsync(id);
                    var messageId = status.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("destination").GetString() == "rva").GetProperty("messageId").GetString();
                    content = new StringContent($"""<amaDecision xmlns="urn:be:rva:ama-notification:v2"><messageId>{messageId}</messageId><decision>APPROVED</decision><reference>C3-1</reference></amaDecision>""", Encoding.UTF8, "application/xml");
                    break;
                case "POST /soap/attest GetAttestStatus":
                    return Soap("GetAttestStatus", $"<GetAttestStatusRequest xmlns=\"urn:be:statuuthub:soap:v1\"><attestId>{id}</attestId></GetAttestStatusRequest>");
                case "POST /soap/attest SubmitAttest":
                    // The example names the demo initiative: its own key submits it, the other initiative's is refused.
                    var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "unemployment-only.xml"));
                    xml = Regex.Replace(xml, "<attestId>[^<]+</attestId>", $"<attestId>{Guid.NewGuid()}</attestId>");
                    return Soap("SubmitAttest", $"<SubmitAttestRequest xmlns=\"urn:be:statuuthub:soap:v1\">{Regex.Replace(xml, @"^<\?xml[^>]*>", string.Empty)}</SubmitAttestRequest>");
                case "POST /soap/v2/attest GetAttestStatus":
                    return Soap("GetAttestStatus", $"<GetAttestStatusRequest xmlns=\"urn:be:statuuthub:soap:v2\"><attestId>{id}</attestId></GetAttestStatusRequest>", 2);
                case "POST /soap/v2/attest SubmitAttest":
                    // The v2 example with a participant of its own, so it meets no other attest of the same person.
                    var fresh = Attests.New("INCAPACITY");
                    var v2 = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "v2-open-ended-wvg-at-another-workplace.xml"));
                    v2 = Regex.Replace(v2, "<attestId>[^<]+</attestId>", $"<attestId>{Guid.NewGuid()}</attestId>");
                    v2 = Regex.Replace(v2, "<insz>[^<]+</insz>", $"<insz>{fresh["participant"]!["insz"]}</insz>");
                    v2 = Regex.Replace(v2, "<birthDate>[^<]+</birthDate>", $"<birthDate>{fresh["participant"]!["birthDate"]}</birthDate>");
                    return Soap("SubmitAttest", $"<SubmitAttestRequest xmlns=\"urn:be:statuuthub:soap:v2\">{Regex.Replace(v2, @"^<\?xml[^>]*>", string.Empty)}</SubmitAttestRequest>", 2);
                case "POST /api/v1/admin/audit/verify-checkpoint":
                    content = JsonContent.Create(new { keyId = "k1", createdAt = DateTimeOffset.UnixEpoch, heads = Array.Empty<object>(), signature = "00" });
                    break;
                case "POST /api/v1/admin/search":
                    content = JsonContent.Create(new { query = id.ToString() });
                    break;
                case "POST /api/v1/admin/deliveries/{delivery}/retry" or "POST /api/v1/admin/deliveries/{delivery}/ask-status":
                    content = JsonContent.Create(new { });
                    break;
                case "POST /api/v1/admin/dead-letters/replay" or "POST /api/v1/admin/dead-letters/unarchive":
                    content = JsonContent.Create(new { deliveryIds = Array.Empty<long>() });
                    break;
                case "POST /api/v1/admin/dead-letters/archive":
                    content = JsonContent.Create(new { deliveryIds = Array.Empty<long>(), reason = "handled by phone" });
                    break;
                case "GET /api/v1/statistics" or "GET /statistieken/export":
                    // Made first, so the answer does not depend on whether another case made them already.
                    await Hub.Hub.App.Services.GetRequiredService<StatuutHub.Application.Statistics.SectorStatistics>().RunOnceAsync(default);
                    break;
                case "POST /acties/statistieken":
                    content = new FormUrlEncodedContent(await FormFieldsAsync(role, []));
                    break;
                case "POST /acties/selectie":
                    content = new FormUrlEncodedContent(await FormFieldsAsync(role, new() { ["deliveryId"] = "1", ["action"] = "replay", ["returnUrl"] = "/mislukt" }));
                    break;
                case "PUT /api/v1/admin/initiatives/{kbo}/callback":
                    path = path.Replace("{kbo}", DemoCredentials.InitiativeKbo, StringComparison.Ordinal);
                    content = JsonContent.Create(new { url = "https://hooks.example.be/statuut" });
                    break;
                case "DELETE /api/v1/admin/initiatives/{kbo}/callback":
                    // The other initiative's callback, registered again before each call, so the answer does not depend on order.
                    await Hub.Hub.App.Services.GetRequiredService<StatuutHub.Storage.Contract.ICallbackStore>().SetCallbackAsync(
                        new(DemoCredentials.OtherInitiativeKbo, new Uri("https://hooks.example.be/other"), new string('s', 40), DateTimeOffset.UnixEpoch), default);
                    path = path.Replace("{kbo}", DemoCredentials.OtherInitiativeKbo, StringComparison.Ordinal);
                    break;
                case "POST /api/v1/admin/callbacks/retry":
                    content = JsonContent.Create(new { initiative = DemoCredentials.InitiativeKbo });
                    break;
                case "POST /aanmelden without anti-forgery token":
                    content = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = DemoCredentials.OperatorUser, ["password"] = DemoCredentials.OperatorPassword });
                    break;
                case "POST /afmelden without anti-forgery token":
                    content = new FormUrlEncodedContent(new Dictionary<string, string>());
                    break;
                case "POST /deelnemer":
                    var insz = (await Hub.Hub.App.Services.GetRequiredService<StatuutHub.Storage.Contract.IHubStore>().GetAttestAsync(id, default))!.Content.Participant.Insz.Value;
                    content = new FormUrlEncodedContent(await FormFieldsAsync(role, new() { ["insz"] = insz }));
                    break;
                case "POST /acties/terugmeldingen-opnieuw":
                    content = new FormUrlEncodedContent(await FormFieldsAsync(role, new() { ["initiative"] = DemoCredentials.InitiativeKbo }));
                    break;
                case "POST /zoeken" or "POST /acties/opnieuw" or "POST /acties/status-opvragen":
                    content = new FormUrlEncodedContent(await FormFieldsAsync(role, endpoint == "POST /zoeken"
                        ? new() { ["q"] = id.ToString() }
                        : new() { ["deliveryId"] = "1", ["returnUrl"] = "/mislukt" }));
                    break;
            }

            return new HttpRequestMessage(method, path) { Content = content };
        }

        private async Task<Dictionary<string, string>> FormFieldsAsync(Role role, Dictionary<string, string> fields)
        {
            // Staff post the anti-forgery token of their own session, as their browser would.
            if (role is Role.Viewer or Role.Operator)
            {
                var page = await _clients[role].GetStringAsync("/zoeken");
                fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
            }

            return fields;
        }

        private static StringContent Json(System.Text.Json.Nodes.JsonObject attest) => new(attest.ToJsonString(), Encoding.UTF8, "application/json");

        private static HttpRequestMessage Soap(string action, string body, int contract = 1)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, contract == 1 ? "/soap/attest" : "/soap/v2/attest")
            {
                Content = new StringContent($"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>{body}</s:Body></s:Envelope>", Encoding.UTF8, "text/xml"),
            };
            request.Headers.Add("SOAPAction", $"\"urn:be:statuuthub:soap:v{contract}/{action}\"");
            return request;
        }
    }
}
