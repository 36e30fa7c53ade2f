using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>The rows every attest version writes, the first (<see cref="SubmitAttest"/>) and the later ones (<see cref="ChangeAttest"/>):
/// the version itself and its deliveries.</summary>
internal static class NewVersionRows
{
    public const string InsertVersionSql =
        "INSERT INTO attest_versions (attest_id, version, change, content_json, recorded_at, warnings_json) VALUES (@id, @v, @change, @json, @at, @warnings)";

    public static (string, object?)[] VersionValues(AttestVersion version, string id, string contentJson, string? warningsJson, DateTimeOffset at) =>
        [("@id", id), ("@v", version.Version), ("@change", version.Change.ToString()), ("@json", contentJson), ("@at", at), ("@warnings", warningsJson)];

    /// <summary>A delivery's values (<c>@waitsOn</c> may be null: see <see cref="ChangeAttest"/>).</summary>
    public static (string, object?)[] DeliveryValues(PlannedMessage message, AttestVersion version, string id, DateTimeOffset at) =>
        [("@m", Guid.CreateVersion7(version.RecordedAt).ToString("D")), ("@id", id), ("@v", version.Version),
         ("@dest", message.Destination.Id), ("@kind", message.Kind.ToString()), ("@state", FirstState(message).ToString()), ("@at", at),
         // The request's trace travels with the delivery, so the later send joins the same trace.
         ("@trace", System.Diagnostics.Activity.Current?.Id), ("@waitsOn", message.WaitsOn?.Id),
         ("@endsOn", message.EndsOn is { } endsOn ? StoredValues.Day(endsOn) : null)];

    /// <summary>A planned message waits for the body it is chained to, or goes at once.</summary>
    public static DeliveryState FirstState(PlannedMessage message) => message.Waits ? DeliveryState.Waiting : DeliveryState.Pending;
}
