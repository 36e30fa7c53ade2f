using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Routing;

/// <summary>A body that must receive the attest: VDAB, the RVA, one mutualiteit (by landsbond),
/// one OCMW (by municipality) or the Dimona-style declaration.</summary>
public readonly record struct Destination(DestinationKind Kind, string? Address)
{
    /// <summary>The RVA (unemployment).</summary>
    public static Destination Rva { get; } = new(DestinationKind.Rva, null);

    /// <summary>The Dimona-style declaration to the RSZ.</summary>
    public static Destination Dimona { get; } = new(DestinationKind.Dimona, null);

    /// <summary>VDAB, the Flemish regional employment service.</summary>
    public static Destination Vdab { get; } = new(DestinationKind.Vdab, null);

    /// <summary>The mutualiteit reached through a landsbond.</summary>
    public static Destination Mutualiteit(Landsbond landsbond) => new(DestinationKind.Mutualiteit, landsbond.Code);

    /// <summary>The OCMW of a municipality.</summary>
    public static Destination Ocmw(NisCode municipality) => new(DestinationKind.Ocmw, municipality.Value);

    /// <summary>Stable text id used in storage, URLs and ack routes: <c>vdab</c>, <c>rva</c>, <c>mutualiteit-100</c>, <c>ocmw-44021</c>, <c>dimona</c>.</summary>
    public string Id => Address is null ? KindName(Kind) : $"{KindName(Kind)}-{Address}";

    /// <summary>Reads an id written by <see cref="Id"/>.</summary>
    public static bool TryParse(string? id, out Destination destination)
    {
        destination = default;
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        var dash = id.IndexOf('-', StringComparison.Ordinal);
        var kindText = dash < 0 ? id : id[..dash];
        var address = dash < 0 ? null : id[(dash + 1)..];
        switch (kindText)
        {
            case "rva" when address is null:
                destination = Rva;
                return true;
            case "dimona" when address is null:
                destination = Dimona;
                return true;
            case "vdab" when address is null:
                destination = Vdab;
                return true;
            case "mutualiteit" when Landsbond.TryParse(address, out var landsbond, out _):
                destination = Mutualiteit(landsbond);
                return true;
            case "ocmw" when NisCode.TryParse(address, out var nis, out _) && nis.Value == address:
                destination = Ocmw(nis);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads a kind's lower-case name (<see cref="KindName"/>), as rules files and configuration write it.</summary>
    public static bool TryParseKind(string? name, out DestinationKind kind)
    {
        foreach (var candidate in Enum.GetValues<DestinationKind>())
        {
            if (KindName(candidate) == name)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The lower-case name of a kind as used in ids and configuration.</summary>
    public static string KindName(DestinationKind kind) => kind switch
    {
        DestinationKind.Rva => "rva",
        DestinationKind.Mutualiteit => "mutualiteit",
        DestinationKind.Ocmw => "ocmw",
        DestinationKind.Dimona => "dimona",
        DestinationKind.Vdab => "vdab",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>The kinds of body the hub delivers to; each has one adapter.</summary>
public enum DestinationKind
{
    /// <summary>Rijksdienst voor Arbeidsvoorziening.</summary>
    Rva,

    /// <summary>A mutualiteit, for its adviserend arts (RIZIV).</summary>
    Mutualiteit,

    /// <summary>The competent OCMW.</summary>
    Ocmw,

    /// <summary>The Dimona-style declaration (RSZ).</summary>
    Dimona,

    /// <summary>VDAB: the permission of the Flemish regional employment service, before the RVA is told.</summary>
    Vdab,
}
