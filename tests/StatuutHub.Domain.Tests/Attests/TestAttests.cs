using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Tests.Attests;

/// <summary>The docs/domain.md example attest, with the benefits a test needs.</summary>
internal static class TestAttests
{
    public static Attest With(Benefits benefits, string? landsbond = "100", string nis = "44021") => new(
        Guid.Parse("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b"),
        AttestKind.AmaWse,
        new Initiative(KboNumber.Parse("0123456749"), EstablishmentUnitNumber.Parse("2123456791"), "De Keiberg vzw"),
        new Participant(Insz.Parse("85073003328"), "Peeters", "An", new DateOnly(1985, 7, 30), NisCode.Parse(nis), landsbond is null ? null : Landsbond.Parse(landsbond)),
        benefits,
        new Activity(new DateOnly(2027, 1, 4), new DateOnly(2027, 12, 31), 16m, "Atelier hout, Merelbeke", "houtbewerking", 4.50m, null));
}
