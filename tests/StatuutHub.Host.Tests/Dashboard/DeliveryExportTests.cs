using System.Net;
using System.Text;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>The delivery list as CSV: the page's filter, every page of it, opened as it is by a Flemish spreadsheet.</summary>
public sealed class DeliveryExportTests
{
    [Fact]
    public async Task TheFilteredList_IsExportedWhole_AsASpreadsheetReadsIt()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Dimona].Down();
        for (var i = 0; i < 3; i++)
        {
            await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        }

        await hub.DispatchUntilIdleAsync();
        using var staff = await TestCredentials.StaffClientAsync(hub.Hub.BaseAddress, DemoCredentials.ViewerUser, DemoCredentials.ViewerPassword);
        using var answer = await staff.GetAsync("bezorgingen/export?state=RetryScheduled");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/csv", answer.Content.Headers.ContentType?.MediaType);
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // a byte order mark: Excel reads UTF-8
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries); // CRLF, as a spreadsheet writes
        Assert.Equal("deliveryId;attestId;initiative;destination;version;message;state;attempts;created;reason", lines[0]);
        Assert.Equal(3, lines.Length - 1); // Dimona's three, nothing else
        Assert.All(lines[1..], l => Assert.Contains(";dimona;1;Create;RetryScheduled;1;2026-11-22 11:00:00+01:00;", l, StringComparison.Ordinal));

        Assert.Equal("1;\"a;b\";\"say \"\"hi\"\"\";'=SUM(A1)", DeliveryExport.Line(["1", "a;b", "say \"hi\"", "=SUM(A1)"]));
        // A tab or carriage return before a formula: spreadsheets skip it and run the formula.
        Assert.Equal("'\t=1+1;\"'\r=1+1\";'-2", DeliveryExport.Line(["\t=1+1", "\r=1+1", "-2"]));
    }
}
