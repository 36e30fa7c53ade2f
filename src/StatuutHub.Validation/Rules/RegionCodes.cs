using StatuutHub.Domain.Geography;

namespace StatuutHub.Validation.Rules;

/// <summary>How the rules files write a region: VL, BR, WA, or DG for the German-speaking Community.</summary>
public static class RegionCodes
{
    public const string All = "VL, BR, WA or DG";

    public static bool TryParse(string? code, out Region region)
    {
        (var known, region) = code switch
        {
            "VL" => (true, Region.Flanders),
            "BR" => (true, Region.Brussels),
            "WA" => (true, Region.Wallonia),
            "DG" => (true, Region.GermanSpeaking),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The code of a region, as the files and the statistics write it.</summary>
    public static string Of(Region region) => region switch
    {
        Region.Flanders => "VL",
        Region.Brussels => "BR",
        Region.Wallonia => "WA",
        _ => "DG",
    };
}
