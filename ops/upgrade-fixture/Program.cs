// Makes the upgrade fixture: a store written by the release this is run in, with attests and deliveries in every state, as a SQLite
// file and a PostgreSQL dump (pg_dump -Fc). UpgradeFixtureTests open them with the code under test, migrate them in place and carry
// every attest on. Run it in a checkout of the release to freeze (see tests/StatuutHub.Storage.Tests/Fixtures/README.md):
//   dotnet run -c Release --project ops/upgrade-fixture -- <directory>
using StatuutHub.Application.Acks;
using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Rules;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Postgres;
using StatuutHub.Storage.Sqlite;
using StatuutHub.Tests.Shared;
using StatuutHub.Validation.Rules;

var directory = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
Directory.CreateDirectory(directory);
var sqlite = Path.Combine(directory, "upgrade-fixture.db");
File.Delete(sqlite);
await using (var store = new SqliteHubStore(sqlite, TestPersonalData.Protector()))
{
    await store.MigrateAsync(default);
    await Fixture.FillAsync(store);
    await store.ForgetOverwrittenAsync(default); // the log checkpointed into the file: one file to commit
}

await using (var postgres = await PostgresCluster.StartAsync())
{
    var connection = await postgres.CreateDatabaseAsync();
    await using (var store = new PostgresHubStore(connection, TestPersonalData.Protector()))
    {
        await store.MigrateAsync(default);
        await Fixture.FillAsync(store);
    }

    await postgres.DumpAsync(connection, Path.Combine(directory, "upgrade-fixture.pgdump"));
}

Console.WriteLine($"written: {sqlite} and upgrade-fixture.pgdump");

/// <summary>Twelve attests, each left in a state of its own (the names say which); everything at <see cref="T0"/> and the two minutes after.</summary>
internal static class Fixture
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly RuleTables Rules = RuleTablesJson.LoadDefault();
    private static readonly ConcurrencyCheck Admit = AttestChanges.ConcurrencyRule(Rules);

    public static async Task FillAsync(IHubStore store)
    {
        var at = T0;
        // Recognised, with VDAB's renewal planned.
        var recognised = await SubmitAsync(store, 1, Benefits.Unemployment, at);
        await AnswerAsync(store, recognised, at, sent: [Destination.Vdab]);
        await DecideAsync(store, recognised, Destination.Vdab, approved: true, at);
        await AnswerAsync(store, recognised, at, sent: []);
        // VDAB asked, no decision yet (an interim answer noted); Dimona acknowledged; the RVA waiting for VDAB.
        var asked = await SubmitAsync(store, 2, Benefits.Unemployment, at);
        var vdab = await AnswerAsync(store, asked, at, sent: [Destination.Vdab]);
        await store.ApplyDecisionAsync(Ack(vdab.Single(), approved: false, at) with { Interim = true }, t => AgencyDecisions.Decide(Ack(vdab.Single(), false, at) with { Interim = true }, t, Rules.Routing), default);
        // The mutualiteit's attempt failed: a retry is scheduled.
        var retrying = await SubmitAsync(store, 3, Benefits.Incapacity, at);
        await AnswerAsync(store, retrying, at, sent: [], retry: [Destination.Mutualiteit(Landsbond.Parse("100"))]);
        // Dimona dead-lettered.
        var dead = await SubmitAsync(store, 4, Benefits.None, at);
        await AnswerAsync(store, dead, at, sent: [], deadLetter: [Destination.Dimona]);
        // The OCMW asked, its answer overdue (marked below).
        var overdue = await SubmitAsync(store, 5, Benefits.SocialIntegration, at);
        await AnswerAsync(store, overdue, at, sent: [Destination.Ocmw(NisCode.Parse("44021"))], answerDue: at.AddMinutes(1));
        // Recognised, then amended: VDAB asked again, the RVA's amendment waiting for it.
        var amended = await SubmitAsync(store, 6, Benefits.Unemployment, at);
        await AnswerAsync(store, amended, at, sent: [Destination.Vdab]);
        await DecideAsync(store, amended, Destination.Vdab, approved: true, at);
        await AnswerAsync(store, amended, at, sent: []);
        // Refused by VDAB: the RVA's message stopped.
        var refused = await SubmitAsync(store, 7, Benefits.Unemployment, at);
        await AnswerAsync(store, refused, at, sent: [Destination.Vdab]);
        await DecideAsync(store, refused, Destination.Vdab, approved: false, at);
        // Claimed by a process that died before it answered: leased until its lease runs out.
        var inFlight = await SubmitAsync(store, 8, Benefits.None, at.AddMinutes(1));
        Claimed(await store.ClaimDueDeliveriesAsync("a-process-that-died", at.AddMinutes(1), at.AddMinutes(6), 100, default), inFlight);
        // VDAB approved, the RVA's message released and not sent yet.
        var released = await SubmitAsync(store, 9, Benefits.Unemployment, at.AddMinutes(1));
        await AnswerAsync(store, released, at.AddMinutes(1), sent: [Destination.Vdab]);
        await DecideAsync(store, released, Destination.Vdab, approved: true, at.AddMinutes(1));
        // The amendment, a cancel and two attests nobody has sent anything of.
        var content = (await store.GetAttestAsync(amended, default))!.Content;
        await ChangeAsync(store, amended, AttestChange.Amended, content with { Activity = content.Activity with { HoursPerWeek = 20 } }, at.AddMinutes(2));
        var cancelled = await SubmitAsync(store, 10, Benefits.Unemployment, at.AddMinutes(2));
        await ChangeAsync(store, cancelled, AttestChange.Cancelled, null, at.AddMinutes(2));
        await SubmitAsync(store, 11, Benefits.Unemployment | Benefits.SocialIntegration, at.AddMinutes(2));
        await SubmitAsync(store, 12, Benefits.None, at.AddMinutes(2));
        await store.MarkOverdueAsync(at.AddMinutes(2), new AuditEntry("DeliveryOverdue", "de afgesproken antwoordtermijn is verstreken"), default);
    }

    private static async Task<Guid> SubmitAsync(IHubStore store, int person, Benefits benefits, DateTimeOffset at)
    {
        var attest = Attest(person, benefits);
        var result = await store.SubmitAsync(AttestChanges.Submission(attest, Rules.Routing, "fixture", at, [], Admit), default);
        return result.Outcome == WriteOutcome.Accepted ? attest.AttestId : throw new InvalidOperationException($"attest {person}: {result.Outcome} {result.Conflict}");
    }

    private static Task<WriteResult> ChangeAsync(IHubStore store, Guid attestId, AttestChange change, Attest? content, DateTimeOffset at) =>
        store.ChangeAsync(attestId, current => AttestChanges.Decide(current, change, content, Rules.Routing, "fixture", at, [], Admit), default);

    /// <summary>Claims what is due (all of <paramref name="attestId"/>'s) and answers each attempt: sent (awaiting a decision), a retry,
    /// dead-lettered, or acknowledged (the rest).</summary>
    private static async Task<List<ClaimedDelivery>> AnswerAsync(IHubStore store, Guid attestId, DateTimeOffset at, Destination[] sent,
        Destination[]? retry = null, Destination[]? deadLetter = null, DateTimeOffset? answerDue = null)
    {
        var claimed = Claimed(await store.ClaimDueDeliveriesAsync("fixture", at, at.AddMinutes(5), 100, default), attestId);
        foreach (var d in claimed)
        {
            var to = sent.Contains(d.Destination) ? DeliveryState.Sent
                : retry?.Contains(d.Destination) == true ? DeliveryState.RetryScheduled
                : deadLetter?.Contains(d.Destination) == true ? DeliveryState.DeadLettered
                : DeliveryState.Acknowledged;
            await store.CompleteAttemptAsync("fixture", new AttemptRecord(d.DeliveryId, d.State, to, d.Attempts + 1, at, TimeSpan.FromMilliseconds(5),
                to == DeliveryState.Acknowledged ? "acknowledged" : to.ToString(),
                to is DeliveryState.RetryScheduled or DeliveryState.DeadLettered ? "503 Service Unavailable" : null,
                to == DeliveryState.RetryScheduled ? at.AddHours(1) : null,
                to == DeliveryState.Sent ? answerDue ?? at.AddDays(14) : null, null, null), default);
        }

        return claimed.Where(d => sent.Contains(d.Destination)).ToList();
    }

    private static async Task DecideAsync(IHubStore store, Guid attestId, Destination destination, bool approved, DateTimeOffset at)
    {
        var delivery = (await store.GetAttestAsync(attestId, default))!.Deliveries.Single(d => d.Destination == destination.Id && d.State == DeliveryState.Sent);
        var ack = new AgencyAck(destination.Kind, delivery.MessageId, approved, approved ? null : "NOT_ELIGIBLE", approved ? null : "niet in aanmerking", "REF-" + delivery.DeliveryId, at);
        var outcome = await store.ApplyDecisionAsync(ack, t => AgencyDecisions.Decide(ack, t, Rules.Routing), default);
        if (outcome != AckOutcome.Applied)
        {
            throw new InvalidOperationException($"decision on {destination.Id}: {outcome}");
        }
    }

    private static AgencyAck Ack(ClaimedDelivery d, bool approved, DateTimeOffset at) => new(d.Destination.Kind, d.MessageId, approved, null, "nog in behandeling", null, at);

    /// <summary>What a claim took, which must all be <paramref name="attestId"/>'s: the fixture drives one attest at a time.</summary>
    private static List<ClaimedDelivery> Claimed(IReadOnlyList<ClaimedDelivery> claimed, Guid attestId) =>
        claimed.All(d => d.AttestId == attestId) ? [.. claimed] : throw new InvalidOperationException($"the claim took another attest's delivery besides {attestId}");

    private static Attest Attest(int person, Benefits benefits)
    {
        var nine = $"8501{person + 1:00}{person + 1:000}";
        var check = 97 - (int)(long.Parse(nine, System.Globalization.CultureInfo.InvariantCulture) % 97);
        return new Attest(
            new Guid($"00000000-0000-4000-8000-{person:000000000000}"),
            AttestKind.AmaWvg,
            new Initiative(KboNumber.Parse("0123456749"), null, "De Keiberg vzw"),
            new Participant(Insz.Parse($"{nine}{check:00}"), "Peeters", "An", new DateOnly(1985, 1, person + 1), NisCode.Parse("44021"), Landsbond.Parse("100")),
            benefits,
            new Activity(new DateOnly(2027, 1, 4), new DateOnly(2027, 12, 31), 16, "Atelier", null, 4.5m, null));
    }
}
