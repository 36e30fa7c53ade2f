using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using System.Xml.Schema;
using FsCheck.Fluent;
using Xunit.Abstractions;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Host.Tests;

/// <summary>Documents generated around every field's lexical edges (FsCheck), sent as an integrator's tools would send them:
/// JSON and XML over REST, XML in SOAP. Whatever they hold, the hub never answers 5xx (SOAP: never a Server fault), and its
/// schema verdict is the independent implementation's: Ajv for JSON, <see cref="XmlSchemaSet"/> for XML.</summary>
public class ContractEdgePropertyTests(ITestOutputHelper output)
{
    private const int Documents = 1000;

    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid");

    // A field's edges: white space and control characters around and inside a value, a final newline, numbers in every form,
    // dates in near forms, letters outside the BMP, markup, lengths at the limits, other JSON types.
    private static readonly string[] Edges =
    [
        "{0}", " {0}", "{0} ", "\t{0}\n", "{0}\n", "{0}\r\n", "\n{0}", "{0}\u0000", "{0}\u0007", "{0}\u2028", "{0}<", "<{0}>", "{0}\u00A0",
        "", " ", "0", "-0", "3.0", "3e0", "+3", ".5", "5.", "1e400", "-1", "168", "168.01", "2027-02-29", "2028-02-29", "27-01-04", "2027-1-4",
        "2027-01-04T00:00:00", "\U00020BB7", "\U0001D49C{0}", "{0}{0}", new string('a', 100), new string('a', 101), new string('a', 201),
    ];

    private static readonly string[] JsonForms = ["\"{0}\"", "{0}", "null", "true", "[]", "{{}}", "[\"{0}\"]"];

    [Fact]
    public async Task GeneratedJson_NeverA5xx_AndTheSchemaVerdictIsAjvs()
    {
        var examples = Directory.EnumerateFiles(Examples, "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToArray();
        var generated =
            from example in Gen.Elements(examples)
            from path in Gen.Elements(Leaves(example, "").ToArray())
            from edge in Gen.Elements(Edges)
            from form in Gen.Elements(JsonForms)
            select Mutated(example, path, form, edge);
        var documents = generated.Sample(Documents).Where(IsJson).ToList();

        await using var hub = await TestHub.StartAsync();
        var v1 = await AjvOracle.VerdictsAsync(Path.Combine(AppContext.BaseDirectory, "contract", "attest-v1.schema.json"), documents);
        var v2 = await AjvOracle.VerdictsAsync(Path.Combine(AppContext.BaseDirectory, "contract", "attest-v2.schema.json"), documents);
        var refusedBySchema = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var valid = documents[i].Contains("\"contractVersion\"", StringComparison.Ordinal) ? v2[i] : v1[i];
            var (status, codes) = await PreviewAsync(hub, documents[i], "application/json");
            Assert.True((int)status < 500, $"{status} for {documents[i]}");
            var schemaCodes = codes.Where(c => c.StartsWith("SCHEMA_", StringComparison.Ordinal) || c.StartsWith("JSON_", StringComparison.Ordinal) || c == "MALFORMED_JSON").ToArray();
            Assert.True(valid == (schemaCodes.Length == 0), $"Ajv says {(valid ? "valid" : "invalid")}, the hub {string.Join(",", codes)} for {documents[i]}");
            refusedBySchema += valid ? 0 : 1;
        }

        output.WriteLine($"JSON: {documents.Count} generated documents, {refusedBySchema} refused by the schema, 0 disagreements with Ajv, no 5xx");
        Assert.True(refusedBySchema > 0 && refusedBySchema < documents.Count, $"{refusedBySchema} of {documents.Count} refused by the schema"); // both verdicts exercised
    }

    [Fact]
    public async Task GeneratedXml_NeverA5xx_NeverAServerFault_AndTheSchemaVerdictIsXmlSchemaSets()
    {
        var examples = Directory.EnumerateFiles(Examples, "*.xml").Select(File.ReadAllText).ToArray();
        var generated =
            from example in Gen.Elements(examples)
            from element in Gen.Choose(0, 40)
            from edge in Gen.Elements(Edges)
            from wrap in Gen.Elements("{0}", "<![CDATA[{0}]]>", "<!-- x -->{0}", "{0}<!-- x -->", "&#x20;{0}&#x9;")
            select MutatedXml(example, element, edge, wrap);
        var documents = generated.Sample(Documents).Where(d => d is not null).Select(d => d!).ToList();

        await using var hub = await TestHub.StartAsync();
        var refusedBySchema = 0;
        foreach (var document in documents)
        {
            var valid = XmlSchemaSetAccepts(document);
            var (status, codes) = await PreviewAsync(hub, document, "application/xml");
            Assert.True((int)status < 500, $"{status} for {document}");
            var schemaCodes = codes.Where(c => c.StartsWith("SCHEMA_", StringComparison.Ordinal) || c.StartsWith("XML_", StringComparison.Ordinal) || c == "MALFORMED_XML").ToArray();
            Assert.True(valid == (schemaCodes.Length == 0), $"XmlSchemaSet says {(valid ? "valid" : "invalid")}, the hub {string.Join(",", codes)} for {document}");
            refusedBySchema += valid ? 0 : 1;

            var soap = await SoapSubmitAsync(hub, document);
            Assert.True(soap.StatusCode == HttpStatusCode.OK || (soap.StatusCode == HttpStatusCode.InternalServerError && soap.Body.Contains("s:Client", StringComparison.Ordinal)),
                $"SOAP answered {soap.StatusCode} {soap.Body} for {document}");
        }

        output.WriteLine($"XML: {documents.Count} generated documents, {refusedBySchema} refused by the XSD, 0 disagreements with XmlSchemaSet, no 5xx, no SOAP Server fault");
        Assert.True(refusedBySchema > 0 && refusedBySchema < documents.Count, $"{refusedBySchema} of {documents.Count} refused by the schema");
    }

    private static async Task<(HttpStatusCode Status, string[] Codes)> PreviewAsync(TestHub hub, string document, string mediaType)
    {
        using var response = await hub.Client.PostAsync("api/v1/routing/preview", new StringContent(document, Encoding.UTF8, mediaType));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return (response.StatusCode, []);
        }

        var problem = JsonDocument.Parse(body).RootElement;
        return (response.StatusCode, problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToArray()
            : [problem.GetProperty("code").GetString()!]);
    }

    private static async Task<(HttpStatusCode StatusCode, string Body)> SoapSubmitAsync(TestHub hub, string attest)
    {
        var root = XDocument.Parse(attest).Root!;
        var v2 = root.Name.NamespaceName.EndsWith(":v2", StringComparison.Ordinal);
        var soapNs = v2 ? "urn:be:statuuthub:soap:v2" : "urn:be:statuuthub:soap:v1";
        var envelope = $"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><SubmitAttestRequest xmlns=\"{soapNs}\">{root}</SubmitAttestRequest></s:Body></s:Envelope>";
        using var request = new HttpRequestMessage(HttpMethod.Post, v2 ? "soap/v2/attest" : "soap/attest") { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        request.Headers.Add("SOAPAction", $"\"{soapNs}/SubmitAttest\"");
        using var response = await hub.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static bool XmlSchemaSetAccepts(string document)
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(AppContext.BaseDirectory, "contract", "attest-v1.xsd"));
        set.Add(null, Path.Combine(AppContext.BaseDirectory, "contract", "attest-v2.xsd"));
        var valid = true;
        try
        {
            XDocument.Parse(document).Validate(set, (_, _) => valid = false);
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }

        return valid;
    }

    private static IEnumerable<string> Leaves(JsonNode node, string at) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value!, at.Length == 0 ? p.Key : $"{at}.{p.Key}")),
        JsonArray a => a.SelectMany((c, i) => Leaves(c!, $"{at}[{i}]")),
        _ => [at],
    };

    private static string Mutated(JsonObject example, string path, string form, string edge)
    {
        var copy = example.DeepClone().AsObject();
        var original = path.Split('.', '[').Aggregate((JsonNode?)copy, (n, part) => part.EndsWith(']') ? n?[int.Parse(part[..^1], System.Globalization.CultureInfo.InvariantCulture)] : n?[part]);
        var text = original is JsonValue v && v.TryGetValue<string>(out var s) ? s : original?.ToJsonString() ?? string.Empty;
        var value = string.Format(System.Globalization.CultureInfo.InvariantCulture, edge, text);
        const string marker = "\u0001edge\u0001";
        var parent = path.Contains('.') || path.Contains('[') ? path[..Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['))] : string.Empty;
        var key = path[(parent.Length == 0 ? 0 : parent.Length + (path[parent.Length] == '.' ? 1 : 0))..];
        var holder = parent.Length == 0 ? copy : parent.Split('.', '[').Aggregate((JsonNode?)copy, (n, part) => part.EndsWith(']') ? n?[int.Parse(part[..^1], System.Globalization.CultureInfo.InvariantCulture)] : n?[part]);
        switch (holder)
        {
            case JsonObject o:
                o[key] = marker;
                break;
            case JsonArray a:
                a[int.Parse(key.TrimStart('[').TrimEnd(']'), System.Globalization.CultureInfo.InvariantCulture)] = marker;
                break;
        }

        var raw = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
        return copy.ToJsonString().Replace(JsonSerializer.Serialize(marker), raw, StringComparison.Ordinal);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? MutatedXml(string example, int element, string edge, string wrap)
    {
        var doc = XDocument.Parse(example);
        var leaves = doc.Descendants().Where(e => !e.HasElements).ToArray();
        var target = leaves[element % leaves.Length];
        var value = string.Format(System.Globalization.CultureInfo.InvariantCulture, edge, target.Value);
        if (value.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r')))
        {
            return null; // not a character XML can carry at all
        }

        const string marker = "EDGE-MARKER";
        target.Value = marker;
        var escaped = System.Security.SecurityElement.Escape(value);
        var inner = wrap.StartsWith("<![CDATA[", StringComparison.Ordinal) && !value.Contains("]]>", StringComparison.Ordinal)
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, wrap, value)
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, wrap.Replace("<![CDATA[", string.Empty, StringComparison.Ordinal).Replace("]]>", string.Empty, StringComparison.Ordinal), escaped);
        return doc.ToString(SaveOptions.DisableFormatting).Replace(marker, inner, StringComparison.Ordinal);
    }
}
