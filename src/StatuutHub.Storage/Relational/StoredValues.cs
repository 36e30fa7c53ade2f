using System.Globalization;
using StatuutHub.Domain.Attests;
using StatuutHub.Storage.Protection;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Relational;

/// <summary>How the store writes the values that are the same on both engines: days as ISO text, attest content sealed.</summary>
internal static class StoredValues
{
    /// <summary>What a purged version's content (and the INSZ look-up of a purged attest) becomes.</summary>
    public const string PurgedContent = "purged:";

    /// <summary>A cursor before every attest id: the nil uuid orders first both as a uuid (PostgreSQL) and as lower-case text (SQLite).</summary>
    public static readonly string BeforeEveryId = Guid.Empty.ToString("D");

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Attest versions as stored: their canonical JSON, sealed with the row they belong to (see SECURITY.md).</summary>
internal sealed class AttestContents(PersonalDataProtector protector)
{
    public PersonalDataProtector Protector => protector;

    public string Seal(Attest attest, int version) =>
        protector.Seal(CanonicalAttestJson.Write(attest), PersonalDataProtector.AttestVersionRow(attest.AttestId.ToString("D"), version));

    public Attest Open(string stored, string attestId, int version) =>
        CanonicalAttestJson.Read(protector.Open(stored, PersonalDataProtector.AttestVersionRow(attestId, version)));
}
