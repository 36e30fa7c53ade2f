using StatuutHub.Application.Support;

namespace StatuutHub.Host.Dashboard;

/// <summary><c>/bezorgingen/{id}</c>: one delivery as support staff inspect a failure — the message as the hub sends it (where
/// to, headers, body with the INSZ masked), every attempt with what the agency answered (status, headers, body), and the
/// actions its state allows (<see cref="Razor.DeliveryDetailView"/>).</summary>
public static class DeliveryDetailPage
{
    public static void MapDeliveryDetailPage(this RouteGroupBuilder pages) => pages.MapGet("/bezorgingen/{deliveryId:long}", ShowAsync);

    /// <summary>The link to a delivery's page, for the lists.</summary>
    public static string Link(long deliveryId) => $"<a href=\"/bezorgingen/{deliveryId}\">{deliveryId}</a>";

    private static async Task<IResult> ShowAsync(HttpContext http, long deliveryId, DeliveryInspection inspection, CancellationToken ct)
    {
        var page = new Page(http, l => $"{l["delivery"]} {deliveryId}");
        return await inspection.InspectAsync(deliveryId, ct) is { } inspected
            ? page.Component<Razor.DeliveryDetailView>(new Dictionary<string, object?>
            {
                [nameof(Razor.DeliveryDetailView.L)] = page.L,
                [nameof(Razor.DeliveryDetailView.Inspected)] = inspected,
            }).Result()
            : page.Message(page.L["deliveryNotFound"], StatusCodes.Status404NotFound);
    }
}
