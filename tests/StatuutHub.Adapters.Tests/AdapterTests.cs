using StatuutHub.Adapters.Dimona;
using StatuutHub.Adapters.Mutualiteit;
using StatuutHub.Adapters.Ocmw;
using StatuutHub.Adapters.Rva;
using StatuutHub.Adapters.Vdab;
using Microsoft.Extensions.Options;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Agencies.Simulator.Contracts;

namespace StatuutHub.Adapters.Tests;

/// <summary>Each adapter against the simulated agency over real HTTP: what it sends matches the
/// agency's schema for every message kind, it reads the answers, and it classifies failures.</summary>
public sealed class AdapterTests : IAsyncLifetime
{
    private AgencySimulator _simulator = null!;
    private DestinationMessageSchemas _schemas = null!;
    private readonly List<AdapterHost> _hosts = [];

    public static TheoryData<DestinationKind, MessageKind> EveryAdapterAndMessageKind()
    {
        var data = new TheoryData<DestinationKind, MessageKind>();
        foreach (var destination in Enum.GetValues<DestinationKind>())
        {
            foreach (var kind in Enum.GetValues<MessageKind>())
            {
                // Only bodies whose permissions expire are asked to renew (RenewalPlanner): VDAB, the mutualiteit, the OCMW.
                if (kind != MessageKind.Renew || StatuutHub.Domain.Routing.RenewalPlanner.BodyOf(destination) is not null)
                {
                    data.Add(destination, kind);
                }
            }
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _simulator = await AgencySimulator.StartAsync(Enum.GetValues<DestinationKind>().ToDictionary(k => k, k => $"secret-{k}-0123456789"));
        _schemas = await DestinationMessageSchemas.LoadAsync();
    }

    public async Task DisposeAsync()
    {
        _hosts.ForEach(h => h.Dispose());
        await _simulator.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(EveryAdapterAndMessageKind))]
    public void Mapper_ProducesSchemaValidMessages(DestinationKind destination, MessageKind kind)
    {
        var message = Message(destination, kind);
        var body = Map(message);
        Assert.Empty(_schemas.Validate(destination, body));
        Assert.Contains(message.MessageId.ToString("D"), body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DestinationKind.Rva)]
    [InlineData(DestinationKind.Mutualiteit)]
    [InlineData(DestinationKind.Ocmw)]
    [InlineData(DestinationKind.Dimona)]
    [InlineData(DestinationKind.Vdab)]
    public void Mapper_AnOpenEndedActivity_SendsNoEndDate_AndStaysSchemaValid(DestinationKind destination)
    {
        var message = Message(destination, MessageKind.Create);
        message = message with { Content = message.Content with { Activity = message.Content.Activity with { EndDate = null } } };
        var body = Map(message);
        Assert.Empty(_schemas.Validate(destination, body));
        Assert.DoesNotContain("2027-12-31", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DestinationKind.Rva, AnswerKind.Receipt)]
    [InlineData(DestinationKind.Mutualiteit, AnswerKind.Receipt)]
    [InlineData(DestinationKind.Ocmw, AnswerKind.Receipt)]
    [InlineData(DestinationKind.Dimona, AnswerKind.Receipt)]
    [InlineData(DestinationKind.Vdab, AnswerKind.Receipt)]
    public async Task Send_ReachesTheAgency_AndReadsItsAnswer(DestinationKind destination, AnswerKind expected)
    {
        var message = Message(destination, MessageKind.Create);
        var answer = await Adapter(destination).SendAsync(message, default);

        Assert.Equal(expected, answer.Kind);
        Assert.False(string.IsNullOrEmpty(answer.Reference));
        var received = Assert.Single(_simulator[destination].Received.Values);
        Assert.Equal(message.MessageId, received.MessageId);
        Assert.Equal(0, _simulator[destination].Invalid);
    }

    [Fact]
    public async Task Send_SameMessageTwice_AgencyDeduplicatesAndAnswersTheSame()
    {
        var adapter = Adapter(DestinationKind.Rva);
        var message = Message(DestinationKind.Rva, MessageKind.Create);
        var first = await adapter.SendAsync(message, default);
        var second = await adapter.SendAsync(message, default);

        Assert.Equal(first.Reference, second.Reference);
        Assert.Single(_simulator[DestinationKind.Rva].Received);
        Assert.Equal(1, _simulator[DestinationKind.Rva].Duplicates);
    }

    [Fact]
    public async Task Dimona_AnswersWithATicketNow_EvenWhenItWillRefuse()
    {
        _simulator[DestinationKind.Dimona].Refusal = _ => ("D-011", "onbekende werkgever");
        var answer = await Adapter(DestinationKind.Dimona).SendAsync(Message(DestinationKind.Dimona, MessageKind.Create), default);
        Assert.Equal(AnswerKind.Receipt, answer.Kind);
        Assert.StartsWith("T", answer.Reference, StringComparison.Ordinal);
    }

    public static TheoryData<string, bool, string?, bool> DimonaResults() => new()
    {
        { "<result>ACCEPTED</result><declarationId>D1</declarationId>", true, null, false },
        { "<result>ACCEPTED_WITH_ANOMALIES</result><declarationId>D1</declarationId><anomaly><code>W021</code><description>einddatum ontbreekt</description></anomaly>", true, "DIMONA_ANOMALIES", false },
        { "<result>REFUSED</result><refusalCode>B001</refusalCode><refusalReason>onbekende werkgever</refusalReason>", false, "B001", false },
        { "<result>WAITING</result>", true, "DIMONA_WAITING", true },
    };

    [Theory]
    [MemberData(nameof(DimonaResults))]
    public void Dimona_ResultsAreReadAsDecisions_WaitingAsAnInterimOne(string result, bool approved, string? reasonCode, bool interim)
    {
        var id = Guid.NewGuid();
        var decision = new DimonaAdapter(new HttpClient(), Options.Create(new DimonaOptions())).ParseDecision("application/xml",
            $"<dimonaResult xmlns=\"urn:be:rsz:dimona-ama:v2\"><messageId>{id}</messageId>{result}</dimonaResult>");
        Assert.Equal((id, approved, reasonCode, interim), (decision.MessageId, decision.Approved, decision.ReasonCode, decision.Interim));
        if (reasonCode == "DIMONA_ANOMALIES")
        {
            Assert.Equal("W021: einddatum ontbreekt", decision.Reason);
        }
    }

    [Theory]
    [InlineData(AttestKind.AmaWse, DeclaringEmployer.Werkpost, "0123456749")]
    [InlineData(AttestKind.AmaWvg, DeclaringEmployer.Initiative, "0123456749")]
    [InlineData(AttestKind.AmaWvg, DeclaringEmployer.Werkpost, "0417497106")]
    public void Dimona_TheDeclaringEmployer_IsTheMaatwerkbedrijfForWse_AndAsConfiguredForWvg(AttestKind kind, DeclaringEmployer wvg, string kbo)
    {
        var message = Message(DestinationKind.Dimona, MessageKind.Create);
        message = message with { Content = message.Content with { Kind = kind, Werkpost = new Werkpost(KboNumber.Parse("0417497106"), null) } };
        var body = DimonaMessageMapper.Map(message, new DimonaOptions { WvgDeclaringEmployer = wvg });
        Assert.Contains($"<declaringEmployerKbo>{kbo}</declaringEmployerKbo>", body, StringComparison.Ordinal);
        Assert.Contains("<workerType>DWD</workerType>", body, StringComparison.Ordinal);
        Assert.Empty(_schemas.Validate(DestinationKind.Dimona, body));
    }

    [Theory]
    [InlineData(FaultKind.ServerError, true)]
    [InlineData(FaultKind.Malformed, true)]
    [InlineData(FaultKind.BadRequest, false)]
    public async Task Send_Failures_AreClassified(FaultKind fault, bool transient)
    {
        foreach (var destination in Enum.GetValues<DestinationKind>())
        {
            _simulator[destination].InjectFaults(fault, 1);
            var ex = await Assert.ThrowsAsync<DeliveryFailedException>(() => Adapter(destination).SendAsync(Message(destination, MessageKind.Create), default));
            Assert.Equal(transient, ex.Transient);
        }
    }

    [Fact]
    public async Task Send_AgencyUnreachable_IsTransient()
    {
        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1/") };
        var ex = await Assert.ThrowsAsync<DeliveryFailedException>(() => new RvaAdapter(client).SendAsync(Message(DestinationKind.Rva, MessageKind.Create), default));
        Assert.True(ex.Transient);
    }

    [Fact]
    public void Decisions_AreReadInEachAgencysFormat()
    {
        var id = Guid.NewGuid();
        var rva = new RvaAdapter(new HttpClient()).ParseDecision("application/xml",
            $"<amaDecision xmlns=\"urn:be:rva:ama-notification:v2\"><messageId>{id}</messageId><decision>REFUSED</decision><reasonCode>ART48</reasonCode></amaDecision>");
        Assert.Equal((id, false, "ART48"), (rva.MessageId, rva.Approved, rva.ReasonCode));

        var ocmw = new OcmwAdapter(new HttpClient()).ParseDecision("application/json", $"{{\"messageId\":\"{id}\",\"decision\":\"APPROVED\",\"reference\":\"X1\"}}");
        Assert.Equal((id, true, "X1"), (ocmw.MessageId, ocmw.Approved, ocmw.Reference));

        Assert.Throws<FormatException>(() => new MutualiteitAdapter(new HttpClient()).ParseDecision("application/json", "{\"decision\":\"MAYBE\"}"));
        Assert.Throws<FormatException>(() => new RvaAdapter(new HttpClient()).ParseDecision("application/xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
        Assert.Throws<FormatException>(() => new DimonaAdapter(new HttpClient(), Options.Create(new DimonaOptions())).ParseDecision("application/xml", "<x/>"));
    }

    [Theory]
    [InlineData(MessageKind.Create, "IN")]
    [InlineData(MessageKind.Amend, "UPDATE")]
    [InlineData(MessageKind.End, "OUT")]
    [InlineData(MessageKind.Cancel, "CANCEL")]
    public void Dimona_DeclarationTypeFollowsTheMessageKind(MessageKind kind, string expected) =>
        Assert.Equal(expected, DimonaMessageMapper.DeclarationType(kind));

    private static string Map(OutboundMessage message) => message.Destination.Kind switch
    {
        DestinationKind.Rva => RvaMessageMapper.Map(message),
        DestinationKind.Mutualiteit => MutualiteitMessageMapper.Map(message),
        DestinationKind.Ocmw => OcmwMessageMapper.Map(message),
        DestinationKind.Vdab => VdabMessageMapper.Map(message),
        _ => DimonaMessageMapper.Map(message, new DimonaOptions()),
    };

    private IDestinationAdapter Adapter(DestinationKind destination)
    {
        var hub = AdapterHost.Start(_simulator.HubSettings());
        _hosts.Add(hub);
        return hub.Adapter(destination);
    }

    internal static OutboundMessage Message(DestinationKind destination, MessageKind kind)
    {
        var attest = new Attest(
            Guid.NewGuid(),
            AttestKind.AmaWse,
            new Initiative(KboNumber.Parse("0123456749"), EstablishmentUnitNumber.Parse("2123456791"), "De Keiberg vzw"),
            new Participant(Insz.Parse("85073003328"), "Peeters", "An", new DateOnly(1985, 7, 30), NisCode.Parse("44021"), Landsbond.Parse("100")),
            Benefits.Unemployment | Benefits.Incapacity | Benefits.SocialIntegration,
            new Activity(new DateOnly(2027, 1, 4), new DateOnly(2027, 12, 31), 16.5m, "Atelier hout", "houtbewerking", 4.50m, 3));
        var target = destination switch
        {
            DestinationKind.Rva => Destination.Rva,
            DestinationKind.Mutualiteit => Destination.Mutualiteit(Landsbond.Parse("100")),
            DestinationKind.Ocmw => Destination.Ocmw(NisCode.Parse("44021")),
            DestinationKind.Vdab => Destination.Vdab,
            _ => Destination.Dimona,
        };
        return new OutboundMessage(Guid.CreateVersion7(), attest.AttestId, kind == MessageKind.Create ? 1 : 2, target, kind, attest)
        {
            // The RVA's message follows VDAB's approval and names it.
            AwaitedReference = destination == DestinationKind.Rva ? "VDAB-AMA-100000000001" : null,
        };
    }

    [Fact]
    public void Rva_NamesThePermissionItWaitedFor()
    {
        var body = RvaMessageMapper.Map(Message(DestinationKind.Rva, MessageKind.Create));
        Assert.Contains("<regionalPermissionReference>VDAB-AMA-100000000001</regionalPermissionReference>", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Rva_WithoutAWaitedPermission_NamesTheNewestHeldOne()
    {
        var message = Message(DestinationKind.Rva, MessageKind.Create) with { AwaitedReference = null };
        message = message with
        {
            Content = message.Content with
            {
                PermissionsHeld = new HeldPermissions([
                    new PermissionHeld(PermissionBody.EmploymentService, "ACT-2025-1", new DateOnly(2025, 3, 1)),
                    new PermissionHeld(PermissionBody.EmploymentService, "ACT-2026-9", new DateOnly(2026, 3, 1)),
                    new PermissionHeld(PermissionBody.Ocmw, "OCMW-7", new DateOnly(2026, 6, 1))]),
            },
        };
        var body = RvaMessageMapper.Map(message);
        Assert.Contains("<regionalPermissionReference>ACT-2026-9</regionalPermissionReference>", body, StringComparison.Ordinal);
        Assert.Empty(_schemas.Validate(DestinationKind.Rva, body));
    }

    [Fact]
    public void Rva_WithNoRegionalPermissionAtAll_IsAPermanentFailure()
    {
        var ex = Assert.Throws<DeliveryFailedException>(() => RvaMessageMapper.Map(Message(DestinationKind.Rva, MessageKind.Create) with { AwaitedReference = null }));
        Assert.False(ex.Transient);
    }

    [Fact]
    public void Vdab_AsksForTheAdviceOfTheAttestsKind_AtItsWerkpost()
    {
        var message = Message(DestinationKind.Vdab, MessageKind.Create);
        message = message with { Content = message.Content with { Kind = AttestKind.AmaWvg, Werkpost = new Werkpost(KboNumber.Parse("0417497106"), null) } };
        var body = System.Text.Json.Nodes.JsonNode.Parse(VdabMessageMapper.Map(message))!;
        Assert.Equal("AMA_WVG", (string?)body["kind"]);
        Assert.Equal("0417497106", (string?)body["werkpost"]!["kbo"]);
        Assert.Null(body["werkpost"]!["establishmentUnit"]);
        Assert.Equal("44021", (string?)body["residenceNis"]);
    }

    [Fact]
    public void Mutualiteit_NamesTheWerkpostAsTheOrganisation_AndTheDaysPerWeek()
    {
        var message = Message(DestinationKind.Mutualiteit, MessageKind.Create);
        message = message with { Content = message.Content with { Werkpost = new Werkpost(KboNumber.Parse("0417497106"), null) } };
        var body = System.Text.Json.Nodes.JsonNode.Parse(MutualiteitMessageMapper.Map(message))!;
        Assert.Equal("0417497106", (string?)body["organisation"]!["kbo"]);
        Assert.Equal("Atelier hout", (string?)body["organisation"]!["name"]);
        Assert.Equal("0123456749", (string?)body["initiative"]!["kbo"]); // the initiative stays named beside it
        Assert.Equal(3, (int?)body["daysPerWeek"]);
    }

    [Theory]
    [InlineData("\"validUntil\":\"2027-09-30\",", "2027-09-30")]
    [InlineData("", null)]
    public void AJsonDecision_MayGiveThePermissionsLastDay(string validUntil, string? expected)
    {
        var id = Guid.NewGuid();
        var decision = JsonDecision.Parse($"{{\"messageId\":\"{id}\",{validUntil}\"decision\":\"APPROVED\",\"reference\":\"OCMW-7\"}}");
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), decision.ValidUntil);
        Assert.Equal(decision.ValidUntil, decision.ToAck(DestinationKind.Ocmw, DateTimeOffset.UnixEpoch).ValidUntil);
        Assert.Throws<FormatException>(() => JsonDecision.Parse($"{{\"messageId\":\"{id}\",\"validUntil\":\"30/09/2027\",\"decision\":\"APPROVED\"}}"));
    }
}
