using System.Net;
using System.Net.Http.Json;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Soap;

/// <summary>The SOAP intake with the real WCF client (System.ServiceModel.Http) over loopback, and raw HTTP for hostile envelopes.</summary>
public class SoapIntakeTests
{
    public static TheoryData<string> Versions() => new("1.1", "1.2");

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WcfClient_SubmitStatusAmendCancel(string soapVersion)
    {
        await using var hub = await TestHub.StartAsync();
        using var factory = Factory(hub, soapVersion);
        var client = factory.CreateChannel();
        var json = Attests.New("UNEMPLOYMENT");
        var attest = AttestType.FromJson(json);

        var accepted = await client.SubmitAttestAsync(new SubmitAttestRequest { attest = attest });
        Assert.Equal((attest.attestId, 1, "InProgress"), (accepted.attestId, accepted.version, accepted.status));

        await hub.SettleAsync();
        var status = await client.GetAttestStatusAsync(new GetAttestStatusRequest { attestId = attest.attestId });
        Assert.Equal("Recognised", status.status);
        // The three messages, all acknowledged, and VDAB's renewal planned for before its yearly permission ends.
        Assert.Equal([("vdab", "Acknowledged"), ("rva", "Acknowledged"), ("dimona", "Acknowledged"), ("vdab", "Pending")], status.delivery.Select(d => (d.destination, d.state)));

        attest.activity.hoursPerWeek = 20;
        attest.activity.daysPerWeek = 4;
        attest.activity.daysPerWeekSpecified = true;
        var amended = await client.AmendAttestAsync(new AmendAttestRequest { attest = attest });
        Assert.Equal(2, amended.version);

        var cancelled = await client.CancelAttestAsync(new CancelAttestRequest { attestId = attest.attestId });
        Assert.Equal((3, "Cancelled"), (cancelled.version, cancelled.status));
        ((IClientChannel)client).Close();
    }

    [Fact]
    public async Task SameAttestOverSoapAndRest_IsOneAttest()
    {
        await using var hub = await TestHub.StartAsync();
        using var factory = Factory(hub, "1.1");
        var json = Attests.New("INCAPACITY");
        await factory.CreateChannel().SubmitAttestAsync(new SubmitAttestRequest { attest = AttestType.FromJson(json) });

        var again = await hub.SubmitAsync(json);
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        await hub.DispatchUntilIdleAsync();
        Assert.Equal(2, hub.Simulator.Agencies.Sum(a => a.Received.Count));
    }

    [Fact]
    public async Task InvalidAttest_FaultCarriesTheSameProblemsAsRest()
    {
        await using var hub = await TestHub.StartAsync();
        using var factory = Factory(hub, "1.1");
        var json = Attests.New("UNEMPLOYMENT");
        json["initiative"]!["kbo"] = "0123456748";
        json["activity"]!["hoursPerWeek"] = 39m;
        json["activity"]!["endDate"] = "2026-12-31";

        var fault = await Assert.ThrowsAsync<FaultException<AttestFault>>(() => factory.CreateChannel().SubmitAttestAsync(new SubmitAttestRequest { attest = AttestType.FromJson(json) }));
        var rest = await (await hub.SubmitAsync(json)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("VALIDATION_FAILED", fault.Detail.code);
        var fromSoap = fault.Detail.problem.Select(p => (p.path, p.code)).Order().ToArray();
        var fromRest = rest.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("path").GetString()!, e.GetProperty("code").GetString()!)).Order().ToArray();
        Assert.Equal(fromRest, fromSoap);
        Assert.Equal(3, fromSoap.Length);
    }

    [Fact]
    public async Task Conflicts_AndUnknownAttests_AreFaultsWithTheirCodes()
    {
        await using var hub = await TestHub.StartAsync();
        using var factory = Factory(hub, "1.2");
        var client = factory.CreateChannel();
        var first = Attests.New("UNEMPLOYMENT");
        await client.SubmitAttestAsync(new SubmitAttestRequest { attest = AttestType.FromJson(first) });
        var overlapping = first.DeepClone().AsObject();
        overlapping["attestId"] = Guid.NewGuid().ToString();

        var conflict = await Assert.ThrowsAsync<FaultException<AttestFault>>(() => client.SubmitAttestAsync(new SubmitAttestRequest { attest = AttestType.FromJson(overlapping) }));
        var unknown = await Assert.ThrowsAsync<FaultException<AttestFault>>(() => client.GetAttestStatusAsync(new GetAttestStatusRequest { attestId = Guid.NewGuid().ToString() }));

        Assert.Equal("OVERLAPPING_ATTEST", conflict.Detail.code);
        Assert.Equal("ATTEST_NOT_FOUND", unknown.Detail.code);
    }

    public static TheoryData<string, string> HostileEnvelopes() => new()
    {
        { "dtd", "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x \"boom\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&x;</s:Body></s:Envelope>" },
        { "external-entity", "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&x;</s:Body></s:Envelope>" },
        { "too-large", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><x>" + new string('a', 300_000) + "</x></s:Body></s:Envelope>" },
        { "not-xml", "this is not an envelope" },
        { "soap12-envelope-as-soap11", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>" },
        { "unknown-operation", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><DeleteEverything xmlns=\"urn:be:statuuthub:soap:v1\"/></s:Body></s:Envelope>" },
    };

    [Theory]
    [MemberData(nameof(HostileEnvelopes))]
    public async Task HostileEnvelope_IsAFault_StoresNothing_HostStaysHealthy(string name, string envelope)
    {
        await using var hub = await TestHub.StartAsync();
        var response = await PostRawAsync(hub, envelope, "urn:be:statuuthub:soap:v1/SubmitAttest");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("AttestFault", text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
        Assert.Equal(0, await hub.Dispatcher.RunOnceAsync(default));
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("health/ready")).StatusCode);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task SoapActionThatDoesNotMatchTheBody_IsAFault()
    {
        await using var hub = await TestHub.StartAsync();
        var envelope = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "soap", "submit-attest-soap11.xml"));
        var response = await PostRawAsync(hub, envelope, "urn:be:statuuthub:soap:v1/CancelAttest");
        Assert.Contains("<code>SOAP_ACTION_MISMATCH</code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await PostRawAsync(hub, envelope, "urn:be:statuuthub:soap:v1/SubmitAttest");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [InlineData("soap/attest", "attest-v1.xsd")]
    [InlineData("soap/v2/attest", "attest-v2.xsd")]
    public async Task Wsdl_IsValid_PointsAtThisHost_AndImportsTheAttestSchemaFromSchemasFolder(string path, string xsd)
    {
        await using var hub = await TestHub.StartAsync();
        var wsdl = XDocument.Parse(await hub.Client.GetStringAsync($"{path}?wsdl"));
        XNamespace w = "http://schemas.xmlsoap.org/wsdl/";
        XNamespace xs = "http://www.w3.org/2001/XMLSchema";
        var endpoint = new Uri(hub.Hub.BaseAddress, path).ToString();

        Assert.Equal(w + "definitions", wsdl.Root!.Name);
        Assert.Equal(["SubmitAttest", "AmendAttest", "CancelAttest", "GetAttestStatus"], wsdl.Root.Element(w + "portType")!.Elements(w + "operation").Select(o => o.Attribute("name")!.Value));
        Assert.All(wsdl.Descendants().Where(e => e.Name.LocalName == "address"), a => Assert.Equal(endpoint, a.Attribute("location")!.Value));

        var typesSchema = wsdl.Root.Element(w + "types")!.Element(xs + "schema")!;
        var import = typesSchema.Element(xs + "import")!.Attribute("schemaLocation")!.Value;
        var imported = await hub.Client.GetStringAsync(new Uri(import));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "contract", xsd)), imported);

        // The WSDL's own schema and the imported one compile together: the contract is complete.
        var set = new XmlSchemaSet { XmlResolver = new MapResolver(import, imported) };
        set.Add(XmlSchema.Read(typesSchema.CreateReader(), null)!);
        set.Compile();
        Assert.Contains(set.GlobalElements.Names.Cast<XmlQualifiedName>(), n => n.Name == "attest");
    }

    [Fact]
    public async Task ContractV2_SubmitAnswersWithItsWarnings_AndStatusCarriesThem_InTheV2Namespace()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "v2-open-ended-wvg-at-another-workplace.xml"));
        attest = attest.Replace("<startDate>2027-01-04</startDate>", "<startDate>2026-11-20</startDate>", StringComparison.Ordinal); // two days late
        attest = System.Text.RegularExpressions.Regex.Replace(attest, @"^<\?xml[^>]*>", string.Empty);
        XNamespace tns = "urn:be:statuuthub:soap:v2";

        var submitted = await PostV2Async(hub, "SubmitAttest", $"<SubmitAttestRequest xmlns=\"urn:be:statuuthub:soap:v2\">{attest}</SubmitAttestRequest>");
        var answer = submitted.Descendants(tns + "SubmitAttestResponse").Single();
        var status = (await PostV2Async(hub, "GetAttestStatus", "<GetAttestStatusRequest xmlns=\"urn:be:statuuthub:soap:v2\"><attestId>7c9e6679-7425-40de-944b-e07fc1f90ae7</attestId></GetAttestStatusRequest>"))
            .Descendants(tns + "GetAttestStatusResponse").Single();

        string[] late = ["LATE_START_INCAPACITY", "LATE_START_SOCIAL_INTEGRATION", "LATE_START_DIMONA"];
        Assert.Equal("InProgress", answer.Element(tns + "status")!.Value);
        Assert.Equal(late, answer.Elements(tns + "warning").Select(w => w.Element(tns + "code")!.Value));
        Assert.Equal(late, status.Elements(tns + "warning").Select(w => w.Element(tns + "code")!.Value));
        Assert.Equal(["ocmw-44088", "dimona"], status.Elements(tns + "delivery").Select(d => d.Element(tns + "destination")!.Value));
    }

    [Fact]
    public async Task ContractV2_AFaultSpeaksTheV2Namespace()
    {
        await using var hub = await TestHub.StartAsync();
        var fault = await PostV2Async(hub, "GetAttestStatus", $"<GetAttestStatusRequest xmlns=\"urn:be:statuuthub:soap:v2\"><attestId>{Guid.NewGuid()}</attestId></GetAttestStatusRequest>");
        XNamespace tns = "urn:be:statuuthub:soap:v2";
        Assert.Equal("ATTEST_NOT_FOUND", fault.Descendants(tns + "AttestFault").Single().Element(tns + "code")!.Value);
    }

    [Fact]
    public async Task ContractV2_AnAmendOrCancelOfAStaleVersion_IsAFault_STALE_VERSION()
    {
        await using var hub = await TestHub.StartAsync();
        XNamespace tns = "urn:be:statuuthub:soap:v2";
        var attest = XDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "v2-open-ended-wvg-at-another-workplace.xml"))).Root!;
        var id = attest.Elements().Single(e => e.Name.LocalName == "attestId").Value;
        Assert.Equal("1", (await PostV2Async(hub, "SubmitAttest", $"<SubmitAttestRequest xmlns=\"urn:be:statuuthub:soap:v2\">{attest}</SubmitAttestRequest>")).Descendants(tns + "version").Single().Value);

        var hours = attest.Descendants().First(e => e.Name.LocalName == "hoursPerWeek");
        hours.Value = "10";
        var amended = await PostV2Async(hub, "AmendAttest", $"<AmendAttestRequest xmlns=\"urn:be:statuuthub:soap:v2\">{attest}<expectedVersion>1</expectedVersion></AmendAttestRequest>");
        Assert.Equal("2", amended.Descendants(tns + "version").Single().Value);

        hours.Value = "11";
        var stale = await PostV2Async(hub, "AmendAttest", $"<AmendAttestRequest xmlns=\"urn:be:statuuthub:soap:v2\">{attest}<expectedVersion>1</expectedVersion></AmendAttestRequest>");
        Assert.Equal("STALE_VERSION", stale.Descendants(tns + "AttestFault").Single().Element(tns + "code")!.Value);
        var cancel = await PostV2Async(hub, "CancelAttest", $"<CancelAttestRequest xmlns=\"urn:be:statuuthub:soap:v2\"><attestId>{id}</attestId><expectedVersion>1</expectedVersion></CancelAttestRequest>");
        Assert.Equal("STALE_VERSION", cancel.Descendants(tns + "AttestFault").Single().Element(tns + "code")!.Value);
        Assert.Equal(2, (await hub.StatusAsync(Guid.Parse(id))).GetProperty("version").GetInt32());
    }

    private static async Task<XDocument> PostV2Async(TestHub hub, string action, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "soap/v2/attest")
        {
            Content = new StringContent($"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>{body}</s:Body></s:Envelope>", System.Text.Encoding.UTF8, "text/xml"),
        };
        request.Headers.Add("SOAPAction", $"\"urn:be:statuuthub:soap:v2/{action}\"");
        using var response = await hub.Client.SendAsync(request);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    internal static ChannelFactory<IAttestService> Factory(TestHub hub, string soapVersion, string key = DemoCredentials.InitiativeKey)
    {
        Binding binding = soapVersion == "1.1"
            ? new BasicHttpBinding()
            : new CustomBinding(new TextMessageEncodingBindingElement(MessageVersion.Soap12, Encoding.UTF8), new HttpTransportBindingElement());
        var factory = new ChannelFactory<IAttestService>(binding, new EndpointAddress(new Uri(hub.Hub.BaseAddress, "soap/attest")));
        factory.Endpoint.EndpointBehaviors.Add(new ApiKeyBehavior(key));
        return factory;
    }

    private static Task<HttpResponseMessage> PostRawAsync(TestHub hub, string envelope, string action)
    {
        var content = new StringContent(envelope, Encoding.UTF8, "text/xml");
        var request = new HttpRequestMessage(HttpMethod.Post, "soap/attest") { Content = content };
        request.Headers.Add("SOAPAction", $"\"{action}\"");
        return hub.Client.SendAsync(request);
    }

    /// <summary>Resolves the WSDL's import to the text the hub served, and nothing else.</summary>
    private sealed class MapResolver(string uri, string text) : XmlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            absoluteUri.ToString() == uri ? new MemoryStream(Encoding.UTF8.GetBytes(text)) : throw new XmlException($"unexpected import {absoluteUri}");
    }
}
