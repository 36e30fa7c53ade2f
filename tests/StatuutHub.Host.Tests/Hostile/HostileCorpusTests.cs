using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;

namespace StatuutHub.Host.Tests.Hostile;

/// <summary>The hostile-input corpus (Hostile/corpus, written by make-corpus.py): every document goes to
/// its intake as an authenticated initiative, the worst case. For each one the hub must answer the
/// expected 4xx problem (REST) or SOAP fault with a clear code, store nothing, and stay healthy.</summary>
public sealed class HostileCorpusTests(HostileCorpusTests.Hub fixture) : IClassFixture<HostileCorpusTests.Hub>
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Hostile", "corpus");
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Index())
        {
            data.Add(entry.File);
        }

        return data;
    }

    [Fact]
    public void TheCorpus_HoldsAtLeast150Documents_ForBothIntakes()
    {
        var entries = Index();
        Assert.True(entries.Count >= 150, $"{entries.Count} documents");
        Assert.True(entries.Count(e => e.Target == "rest") >= 100);
        Assert.True(entries.Count(e => e.Target == "soap11") >= 25);
        Assert.True(entries.Count(e => e.Target == "soap12") >= 25);
        Assert.Equal(entries.Count, entries.Select(e => e.File).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Document_IsRefusedWithAClearProblem_StoresNothing_AndLeavesTheHostHealthy(string file)
    {
        var entry = Index().Single(e => e.File == file);
        var before = await fixture.RowCountsAsync();

        using var response = await fixture.Client.SendAsync(Request(entry));
        var body = await response.Content.ReadAsStringAsync();
        var (status, code) = (entry.Expect.Split(':')[0], entry.Expect.Split(':')[1]);
        if (status == "fault")
        {
            Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{file}: expected a SOAP fault, got {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
            var fault = XDocument.Parse(body).Descendants().Single(e => e.Name.LocalName == "Fault");
            Assert.Contains(fault.Descendants(), e => e.Name.LocalName is "faultcode" or "Value" && e.Value is "s:Client" or "s:Sender");
            var codes = fault.Descendants().Where(e => e.Name.LocalName == "code").Select(e => e.Value).ToList();
            Assert.True(codes.Contains(code), $"{file}: expected fault code {code}, got [{string.Join(", ", codes)}]");
            Assert.True(fault.Descendants().Any(e => e.Name.LocalName is "faultstring" or "Text" && e.Value.Length > 0), $"{file}: the fault has no reason text");
        }
        else
        {
            Assert.True(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) == status, $"{file}: expected {entry.Expect}, got {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray().ToList();
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString()) || string.IsNullOrEmpty(e.GetProperty("messageEn").GetString())));
            var codes = errors.Select(e => e.GetProperty("code").GetString()).ToList();
            Assert.True(codes.Contains(code), $"{file}: expected code {code}, got [{string.Join(", ", codes)}]");
        }

        Assert.Equal(before, await fixture.RowCountsAsync());
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("health/ready")).StatusCode);
    }

    [Fact]
    public async Task AfterHostileInput_AValidAttestIsStillAccepted()
    {
        var attest = Attests.New("UNEMPLOYMENT");
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.TestHub.SubmitAsync(attest)).StatusCode);
    }

    private static HttpRequestMessage Request(Entry entry)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Corpus, entry.File));
        if (entry.File.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            bytes = plain.ToArray();
        }

        var content = new ByteArrayContent(bytes);
        if (entry.ContentType.Length > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", entry.ContentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, entry.Target == "rest" ? "api/v1/attests" : "soap/attest") { Content = content };
        // Large uploads ask first (Expect: 100-continue), as HTTP clients should: a body the hub refuses by its
        // declared length is then never sent, instead of being cut off mid-stream by the closing connection.
        request.Headers.ExpectContinue = bytes.Length > 64 * 1024;
        if (entry.SoapAction is not null)
        {
            request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{entry.SoapAction}\"");
        }

        return request;
    }

    private static List<Entry> Index() =>
        JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(Path.Combine(Corpus, "index.json")), Web)!;

    public sealed record Entry(string File, string Target, string ContentType, string Expect, string? SoapAction, string About);

    /// <summary>One hub for the whole corpus, as the demo initiative.</summary>
    public sealed class Hub : IAsyncLifetime
    {
        public TestHub TestHub { get; private set; } = null!;

        public HttpClient Client => TestHub.Client;

        public async Task InitializeAsync() => TestHub = await TestHub.StartAsync();

        public async Task DisposeAsync() => await TestHub.DisposeAsync();

        /// <summary>Rows in every table a submission writes to.</summary>
        public async Task<string> RowCountsAsync()
        {
            await using var db = new SqliteConnection($"Data Source={TestHub.DatabasePath};Mode=ReadOnly;Pooling=False");
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT (SELECT count(*) FROM attests) || '/' || (SELECT count(*) FROM attest_versions) || '/' || (SELECT count(*) FROM deliveries) || '/' || (SELECT count(*) FROM audit_events)";
            return (string)(await count.ExecuteScalarAsync())!;
        }
    }
}
