namespace StatuutHub.Application;

/// <summary>Who asks for a use case: an initiative, which may touch only its own attests, or a member of
/// the support staff acting on the hub's behalf; <see cref="Actor"/> is how they appear in the audit trail.</summary>
public sealed record Requester(string Actor, string? InitiativeKbo)
{
    /// <summary>An initiative, named by its KBO number.</summary>
    public static Requester Initiative(string kbo) => new($"initiative:{kbo}", kbo);

    /// <summary>Support staff (or another trusted part of the hub) under the given audit name.</summary>
    public static Requester Staff(string actor) => new(actor, null);

    /// <summary>True for an initiative: tenant isolation applies.</summary>
    public bool IsInitiative => InitiativeKbo is not null;
}
