using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Tests;

/// <summary>Free text is stored with every INSZ-shaped number masked, and with nothing else changed: an id that happens to hold
/// eleven digits in a row stays whole.</summary>
public sealed class PersonalTextTests
{
    [Theory]
    [InlineData("INSZ 85073003328 onbekend", "INSZ 85*******28 onbekend")]
    [InlineData("rijksregisternummer 85.07.30-033.28 ongeldig", "rijksregisternummer 85***********28 ongeldig")]
    [InlineData("<insz>85073003328</insz>", "<insz>85*******28</insz>")]
    [InlineData("{\"insz\":\"85073003328\"}", "{\"insz\":\"85*******28\"}")]
    [InlineData("insz=85073003328&x=1", "insz=85*******28&x=1")]
    [InlineData("onbekende persoon 85073003328.", "onbekende persoon 85*******28.")]
    [InlineData("85073003328- geweigerd", "85*******28- geweigerd")]
    [InlineData("(85073003328)", "(85*******28)")]
    [InlineData("INSZ 850730-033-28 onbekend", "INSZ 85*********28 onbekend")]
    [InlineData("INSZ 850730 033 28 onbekend", "INSZ 85*********28 onbekend")]
    [InlineData("INSZ 85.07.30 033.28 onbekend", "INSZ 85***********28 onbekend")]
    public void AnInszAlone_IsMasked(string text, string stored) => Assert.Equal(stored, PersonalText.Scrub(text));

    [Theory]
    [InlineData("{\"attest\":{\"id\":\"3f2c1a9e-0b7d-4c1e-9f00-a12345678901\",\"statusUrl\":\"/api/v1/attests/3f2c1a9e-0b7d-4c1e-9f00-a12345678901\"}}")]
    [InlineData("hash b12345678901c0ffee")]
    [InlineData("referentie 850730033281 (twaalf cijfers)")]
    [InlineData("DIM-85073003328X")]
    public void ElevenDigitsInsideALongerToken_StayAsTheyAre(string text) => Assert.Equal(text, PersonalText.Scrub(text));

    [Fact]
    public void NothingStaysNothing() => Assert.Null(PersonalText.Scrub(null));

    private static readonly StatuutHub.Domain.Attests.Participant Person = new(
        StatuutHub.Domain.Identifiers.Insz.Parse("85073003328"), "Van den Broeck", "Anne-Marie", new DateOnly(1985, 7, 3),
        StatuutHub.Domain.Identifiers.NisCode.Parse("44021"), null);

    [Theory]
    [InlineData("Deelnemer Van den Broeck Anne-Marie (03/07/1985) onbekend", "Deelnemer [naam] [naam] ([geboortedatum]) onbekend")]
    [InlineData("VAN DEN BROECK, ANNE-MARIE, geboren 1985-07-03: dossier gesloten", "[naam], [naam], geboren [geboortedatum]: dossier gesloten")]
    [InlineData("mevrouw Broeck, °3/7/1985, INSZ 85.07.30-033.28", "mevrouw [naam], °[geboortedatum], INSZ 85***********28")]
    [InlineData("Anne en Marie werkten op 03.07.1985 en 03-07-1985", "[naam] en [naam] werkten op [geboortedatum] en [geboortedatum]")]
    [InlineData("<birth>19850703</birth><name>broeck</name>", "<birth>[geboortedatum]</birth><name>[naam]</name>")]
    public void ThePersonsNamesAndBirthDate_AreReplaced_InEveryFormAnAgencyPrintsThem(string text, string stored) =>
        Assert.Equal(stored, PersonalText.Scrub(text, Person));

    [Theory]
    [InlineData("Broeckmans 1985-07-031 ref 119850703")]
    [InlineData("geweigerd: code R12 op 2026-12-07")]
    public void OtherWordsAndNumbers_StayAsTheyAre(string text) => Assert.Equal(text, PersonalText.Scrub(text, Person));
}
