using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Security;

/// <summary>An agency that refuses a message quoting the person — INSZ in print, name and birth date — in its answer or in its
/// decision leaves none of it in the hub's log, in the database file or its write-ahead log, or in the staff's CSV export: what the
/// agency said is kept with the person replaced.</summary>
public sealed class PersonalDataInAnswersTests
{
    [Fact]
    public async Task AnAgencyRefusalQuotingThePerson_LeavesTheirINSZNameAndBirthDateNowhere()
    {
        var log = new ConcurrentQueue<string>();
        await using var hub = await TestHub.StartAsync(b => b.Logging.AddProvider(new CapturingLoggerProvider(log)));
        var attest = Attests.New("INCAPACITY");
        var participant = attest["participant"]!;
        var insz = participant["insz"]!.GetValue<string>();
        var birth = DateOnly.Parse(participant["birthDate"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var (family, given) = (participant["familyName"]!.GetValue<string>(), participant["givenName"]!.GetValue<string>());
        var printed = $"{insz[..2]}.{insz[2..4]}.{insz[4..6]}-{insz[6..9]}.{insz[9..]}";
        var mutualiteit = hub.Simulator[DestinationKind.Mutualiteit];
        mutualiteit.BadRequestBody = $"Dossier geweigerd: {family.ToUpperInvariant()} {given}, geboren {birth:dd/MM/yyyy}, rijksregisternummer {printed}, is ons onbekend.";
        mutualiteit.InjectFaults(FaultKind.BadRequest, 1);
        // and Dimona refuses the declaration with a reason that quotes them too (the decision's reason goes into the history)
        hub.Simulator[DestinationKind.Dimona].Refusal = _ => ("B001", $"werknemer {given} {family}, °{birth:d.M.yyyy}, INSZ {insz} onbekend");

        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        await hub.DispatchUntilIdleAsync();
        await hub.WaitForDecisionsAsync();

        var status = await hub.StatusTextAsync(Attests.IdOf(attest));
        using var staff = await TestCredentials.StaffClientAsync(hub.Hub.BaseAddress, DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
        var export = await staff.GetStringAsync("bezorgingen/export?state=DeadLettered");
        var database = string.Concat(new[] { hub.DatabasePath, hub.DatabasePath + "-wal" }.Where(File.Exists).Select(ReadShared));
        var places = new Dictionary<string, string> { ["log"] = string.Join('\n', log), ["database"] = database, ["export"] = export };

        Assert.Contains("[naam]", export, StringComparison.Ordinal); // the refusal is there, the person is not
        var history = (await hub.StatusAsync(Attests.IdOf(attest))).GetProperty("history").ToString();
        Assert.Contains("werknemer [naam] [naam], °[geboortedatum]", history, StringComparison.Ordinal);
        foreach (var (place, text) in places)
        {
            foreach (var quoted in new[] { insz, printed, family, family.ToUpperInvariant(), birth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), birth.ToString("d.M.yyyy", CultureInfo.InvariantCulture) })
            {
                Assert.False(text.Contains(quoted, StringComparison.Ordinal), $"{place} holds '{quoted}' (status {status})");
            }
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Encoding.Latin1.GetString(copy.ToArray());
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
