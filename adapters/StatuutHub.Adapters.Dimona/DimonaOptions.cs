namespace StatuutHub.Adapters.Dimona;

/// <summary>Who declares an AMA WVG participant in Dimona (<c>Dimona:WvgDeclaringEmployer</c>). In AMA WSE it is always
/// the maatwerkbedrijf that submits the attest; in AMA WVG the sector has both practices, so each hub says which.</summary>
public sealed class DimonaOptions
{
    /// <summary>The initiative (default) or the werkpost where the participant works.</summary>
    public DeclaringEmployer WvgDeclaringEmployer { get; set; } = DeclaringEmployer.Initiative;
}

/// <summary>The organisations that can declare an AMA WVG participant.</summary>
public enum DeclaringEmployer
{
    /// <summary>The erkende begeleider that submits the attest.</summary>
    Initiative,

    /// <summary>The werkpost (its own KBO number; the initiative's when the attest names none).</summary>
    Werkpost,
}
