namespace StatuutHub.Domain.Identifiers;

/// <summary>Why a printed identifier was refused; each value maps to one stable error code.</summary>
public enum IdentifierError
{
    /// <summary>Nothing given.</summary>
    Empty,

    /// <summary>Characters other than digits and the usual separators, or the wrong number of digits.</summary>
    Format,

    /// <summary>The digits are well formed but the check digits do not match.</summary>
    Checksum,

    /// <summary>The check digits match but a part (birth date, leading digit, code) is impossible.</summary>
    Range,
}
