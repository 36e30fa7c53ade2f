using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Application.Tests;

/// <summary>A valid attest to decide about.</summary>
internal static class Attests
{
    public static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static Attest With(Benefits benefits) => new(
        Guid.Parse("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b"), AttestKind.AmaWse,
        new Initiative(KboNumber.Parse("0123456749"), null, "De Keiberg vzw"),
        new Participant(Insz.Parse("85073003328"), "Peeters", "An", new DateOnly(1985, 7, 30), NisCode.Parse("44021"), Landsbond.Parse("100")),
        benefits,
        new Activity(new DateOnly(2027, 1, 4), new DateOnly(2027, 12, 31), 16, "Atelier hout", null, 4.50m, null));
}
