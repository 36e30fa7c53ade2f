using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Adapters;

/// <summary>The action word the notification-style agencies use for each message kind.</summary>
public static class MessageActions
{
    /// <summary>CREATE, AMEND, END or CANCEL.</summary>
    public static string Of(MessageKind kind) => kind switch
    {
        MessageKind.Create => "CREATE",
        MessageKind.Amend => "AMEND",
        MessageKind.End => "END",
        MessageKind.Cancel => "CANCEL",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
