using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Storage.Tests;

/// <summary>Valid attests for store tests; each <paramref name="person"/> gets its own INSZ.</summary>
internal static class TestAttests
{
    public static Attest For(int person, Benefits benefits = Benefits.Unemployment, DateOnly? start = null, DateOnly? end = null, Guid? id = null)
    {
        var nine = $"8501{(person % 28) + 1:00}{(person % 997) + 1:000}";
        var check = 97 - (int)(long.Parse(nine, System.Globalization.CultureInfo.InvariantCulture) % 97);
        var insz = Insz.Parse($"{nine}{check:00}");
        return new Attest(
            id ?? Guid.NewGuid(),
            AttestKind.AmaWvg, // routed by its benefits alone (in AMA WSE VDAB is told whatever they are)
            new Initiative(KboNumber.Parse("0123456749"), null, "De Keiberg vzw"),
            new Participant(insz, "Peeters", "An", new DateOnly(1985, 1, (person % 28) + 1), NisCode.Parse("44021"), Landsbond.Parse("100")),
            benefits,
            new Activity(start ?? new DateOnly(2027, 1, 4), end ?? new DateOnly(2027, 12, 31), 16, "Atelier", null, 4.5m, null));
    }
}
