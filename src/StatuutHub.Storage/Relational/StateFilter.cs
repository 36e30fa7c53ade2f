using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Storage.Relational;

/// <summary>A filter on the states <paramref name="rule"/> holds for, as <c>state IN (@prefix0, …)</c> with their names as
/// parameters: the domain decides which states a query means, the statement only filters. Made once per rule, so the
/// statement's text does not change between calls.</summary>
internal sealed class StateFilter
{
    public StateFilter(Func<DeliveryState, bool> rule, string prefix)
    {
        Parameters = [.. Enum.GetValues<DeliveryState>().Where(rule).Select((state, i) => ($"@{prefix}{i}", (object?)state.ToString()))];
        Sql = $"state IN ({string.Join(", ", Parameters.Select(p => p.Name))})";
    }

    public (string Name, object? Value)[] Parameters { get; }

    public string Sql { get; }
}
