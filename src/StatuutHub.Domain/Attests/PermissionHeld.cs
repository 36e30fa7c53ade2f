using System.Collections;

namespace StatuutHub.Domain.Attests;

/// <summary>A permission the participant already holds for this activity (contract v2): which body gave it,
/// its reference and the day it was given. A valid one may spare a new request (docs/domain.md). The adviserend arts allows
/// one activity: its permission names the hours per week and the werkpost it was given for, and spares a request only while
/// the activity keeps them.</summary>
public sealed record PermissionHeld(PermissionBody Body, string Reference, DateOnly GivenOn)
{
    /// <summary>The hours per week the permission was given for, when the attest says.</summary>
    public decimal? HoursPerWeek { get; init; }

    /// <summary>The werkpost (its enterprise number) the permission was given for, when the attest says.</summary>
    public Identifiers.KboNumber? Werkpost { get; init; }

    /// <summary>True when the permission was given for this activity: for the adviserend arts the same hours per week and,
    /// where it names one, the same werkpost; the other bodies' permissions go with the person.</summary>
    public bool Covers(Attest attest) => Body != PermissionBody.Mutualiteit
        || (HoursPerWeek == attest.Activity.HoursPerWeek && (Werkpost is null || Werkpost == attest.EffectiveWerkpost.Kbo));
}

/// <summary>The bodies whose permissions an attest can name.</summary>
public enum PermissionBody
{
    /// <summary>The regional employment service (VDAB, Actiris, Forem, ADG).</summary>
    EmploymentService,

    /// <summary>The adviserend arts of the participant's mutualiteit.</summary>
    Mutualiteit,

    /// <summary>The competent OCMW.</summary>
    Ocmw,
}

/// <summary>An attest's existing permissions, compared by content (so two equal attests are equal records).</summary>
public sealed class HeldPermissions : IReadOnlyList<PermissionHeld>, IEquatable<HeldPermissions>
{
    private readonly PermissionHeld[] _items;

    /// <summary>The permissions in the order given.</summary>
    public HeldPermissions(IEnumerable<PermissionHeld> items) => _items = items.ToArray();

    /// <summary>No permissions (contract v1, or none named).</summary>
    public static HeldPermissions Empty { get; } = new([]);

    public int Count => _items.Length;

    public PermissionHeld this[int index] => _items[index];

    public IEnumerator<PermissionHeld> GetEnumerator() => ((IEnumerable<PermissionHeld>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(HeldPermissions? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as HeldPermissions);

    public override int GetHashCode() => _items.Aggregate(0, (hash, item) => HashCode.Combine(hash, item));
}
