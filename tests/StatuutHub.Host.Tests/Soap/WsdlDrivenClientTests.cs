using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace StatuutHub.Host.Tests.Soap;

/// <summary>An integrator without WCF: a client that takes everything from the served WSDL — the endpoint address, the SOAP
/// action, the request element and its namespace — as a WSDL-driven client (zeep, a generated stub) does, and sends what such
/// tools and hand-edited templates send: values in CDATA sections, comments between and inside values, white space around
/// numbers and dates. The XSD collapses white space in dates and numbers and reads a value as its text without comments; the
/// hub reads the document the same way: it answers, and the plain JSON twin is the same attest (202 again, not 409).</summary>
public sealed class WsdlDrivenClientTests
{
    private static readonly XNamespace Wsdl = "http://schemas.xmlsoap.org/wsdl/";
    private static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static readonly XNamespace Envelope = "http://schemas.xmlsoap.org/soap/envelope/";

    [Fact]
    public async Task CdataCommentsAndWhiteSpaceInValues_AreReadAsTheXsdSays()
    {
        await using var hub = await TestHub.StartAsync();
        var operation = Operation(XDocument.Parse(await hub.Client.GetStringAsync("soap/attest?wsdl")), "SubmitAttest");
        Assert.Equal(new Uri(hub.Hub.BaseAddress, "soap/attest"), operation.Address);

        var attest = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "unemployment-and-leefloon.xml"), LoadOptions.None);
        Decorate(attest.Root!);
        Assert.True(XsdAccepts(attest), "the decorated attest is valid for XmlSchemaSet");

        var envelope = new XDocument(new XElement(Envelope + "Envelope", new XAttribute(XNamespace.Xmlns + "s", Envelope.NamespaceName),
            new XElement(Envelope + "Body", new XElement(operation.Element, new XComment(" generated from the WSDL "), attest.Root))));
        using var request = new HttpRequestMessage(HttpMethod.Post, operation.Address)
        {
            Content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
        };
        request.Headers.Add("SOAPAction", $"\"{operation.Action}\"");
        using var response = await hub.Client.SendAsync(request);
        var answer = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToString());
        var accepted = answer.Root!.Element(Envelope + "Body")!.Elements().Single();
        Assert.Equal(operation.Element.Namespace + "SubmitAttestResponse", accepted.Name);

        var status = await hub.Client.GetFromJsonAsync<JsonElement>("api/v1/attests/3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b");
        Assert.Equal("De Keiberg vzw", status.GetProperty("initiative").GetProperty("name").GetString());
        Assert.Equal("Atelier hout, Merelbeke", status.GetProperty("werkpost").GetProperty("name").GetString());
        Assert.Equal("2027-01-04", status.GetProperty("period").GetProperty("start").GetString());
        Assert.Equal("2027-12-31", status.GetProperty("period").GetProperty("end").GetString());

        // The JSON twin, without decoration, is the same content: the same 202, version 1 — not a conflict.
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "unemployment-and-leefloon.json"));
        using var twin = await hub.Client.PostAsync("api/v1/attests", new StringContent(json, Encoding.UTF8, "application/json"));
        var twinBody = await twin.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(twin.StatusCode == HttpStatusCode.Accepted, twinBody.ToString());
        Assert.Equal(1, twinBody.GetProperty("version").GetInt32());
    }

    /// <summary>Strings in CDATA (their white space would be part of the value, so none is added); dates and numbers with white
    /// space around them and a comment inside; a comment between elements.</summary>
    private static void Decorate(XElement attest)
    {
        var ns = attest.Name.Namespace;
        foreach (var name in new[] { "familyName", "givenName", "name", "workplace", "description" })
        {
            foreach (var element in attest.Descendants(ns + name).ToList())
            {
                element.ReplaceNodes(new XCData(element.Value));
            }
        }

        var start = attest.Descendants(ns + "startDate").Single();
        start.ReplaceNodes(new XText("\n      2027-"), new XComment(" maand "), new XText("01-04 \t\n    "));
        var end = attest.Descendants(ns + "endDate").Single();
        end.ReplaceNodes(new XText("  "), new XCData("2027-12-31"), new XText("\r\n"));
        attest.Descendants(ns + "hoursPerWeek").Single().ReplaceNodes(new XText(" 16 "));
        attest.Descendants(ns + "expenseAllowancePerDay").Single().ReplaceNodes(new XText("\n 4.50"), new XComment(" euro "), new XText("\n"));
        attest.Element(ns + "participant")!.AddBeforeSelf(new XComment(" de deelnemer "));
    }

    private static bool XsdAccepts(XDocument attest)
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(AppContext.BaseDirectory, "contract", "attest-v1.xsd"));
        var valid = true;
        attest.Validate(set, (_, _) => valid = false);
        return valid;
    }

    /// <summary>What a WSDL-driven client reads for one operation of the SOAP 1.1 port: where to send, which action, which element.</summary>
    private static (Uri Address, string Action, XName Element) Operation(XDocument wsdl, string name)
    {
        var definitions = wsdl.Root!;
        XName Resolve(XElement context, string qualified)
        {
            var parts = qualified.Split(':');
            return context.GetNamespaceOfPrefix(parts[0])! + parts[1];
        }

        var port = definitions.Element(Wsdl + "service")!.Elements(Wsdl + "port").First(p => p.Element(Soap11 + "address") is not null);
        var address = new Uri(port.Element(Soap11 + "address")!.Attribute("location")!.Value);
        var binding = definitions.Elements(Wsdl + "binding").Single(b => b.Attribute("name")!.Value == Resolve(port, port.Attribute("binding")!.Value).LocalName);
        var action = binding.Elements(Wsdl + "operation").Single(o => o.Attribute("name")!.Value == name).Element(Soap11 + "operation")!.Attribute("soapAction")!.Value;
        var portType = definitions.Elements(Wsdl + "portType").Single(p => p.Attribute("name")!.Value == Resolve(binding, binding.Attribute("type")!.Value).LocalName);
        var input = portType.Elements(Wsdl + "operation").Single(o => o.Attribute("name")!.Value == name).Element(Wsdl + "input")!;
        var message = definitions.Elements(Wsdl + "message").Single(m => m.Attribute("name")!.Value == Resolve(input, input.Attribute("message")!.Value).LocalName);
        var part = message.Element(Wsdl + "part")!;
        return (address, action, Resolve(part, part.Attribute("element")!.Value));
    }
}
