using System.Net;
using System.Text.Json;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Host.Tests;

/// <summary>Yearly renewals end to end with fake time: VDAB's approval plans the renewal, it shows in the status with
/// its day, the hub sends it on that day, and VDAB's answer to it plans the next while the activity runs.</summary>
public class RenewalTests
{
    [Fact]
    public async Task ARunningAttest_IsRenewedAtVdabEveryYear_ThirtyDaysBeforeThePermissionEnds()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        attest["activity"]!["endDate"] = "2028-12-31"; // two years: VDAB's yearly permission must be renewed twice

        var id = Attests.IdOf(attest);
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        await hub.SettleAsync();

        // Approved on 2026-11-22 (the hub's clock): valid to 2027-11-21, asked again on 2027-10-23.
        var renewal = Renewals(await hub.StatusAsync(id)).Single();
        Assert.Equal(("Pending", "2027-10-22T22:00:00+00:00"), (renewal.GetProperty("state").GetString(), renewal.GetProperty("dueAt").GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("Recognised", await hub.StatusTextAsync(id)); // a planned renewal leaves the permission in force

        hub.Time.SetUtcNow(new DateTimeOffset(2027, 10, 22, 21, 59, 0, TimeSpan.Zero));
        await hub.SettleAsync();
        Assert.DoesNotContain(hub.Simulator[DestinationKind.Vdab].Received.Values, m => m.Action == "RENEW");

        hub.Time.SetUtcNow(new DateTimeOffset(2027, 10, 22, 22, 0, 0, TimeSpan.Zero));
        await hub.SettleAsync();
        Assert.Single(hub.Simulator[DestinationKind.Vdab].Received.Values, m => m.Action == "RENEW");
        var renewals = Renewals(await hub.StatusAsync(id)).ToArray();
        Assert.Equal(["Acknowledged", "Pending"], renewals.Select(r => r.GetProperty("state").GetString()));
        Assert.Equal(new DateTimeOffset(2028, 9, 22, 22, 0, 0, TimeSpan.Zero), renewals[1].GetProperty("dueAt").GetDateTimeOffset()); // approved 2027-10-23
        Assert.Equal("Recognised", await hub.StatusTextAsync(id));
    }

    private static IEnumerable<JsonElement> Renewals(JsonElement status) =>
        status.GetProperty("deliveries").EnumerateArray().Where(d => d.GetProperty("message").GetString() == "Renew" && d.GetProperty("destination").GetString() == "vdab");
}
