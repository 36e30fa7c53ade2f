namespace StatuutHub.Domain.Geography;

/// <summary>Where a municipality lies, as far as the bodies that must agree are concerned: each region has its own
/// public employment service (VDAB, Actiris, Forem), and the German-speaking Community its own (ADG).</summary>
public enum Region
{
    /// <summary>Flemish Region: VDAB.</summary>
    Flanders,

    /// <summary>Brussels-Capital Region: Actiris.</summary>
    Brussels,

    /// <summary>Walloon Region, French-speaking: Forem.</summary>
    Wallonia,

    /// <summary>Walloon Region, the nine municipalities of the German-speaking Community: ADG.</summary>
    GermanSpeaking,
}
