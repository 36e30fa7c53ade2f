using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Adapters;

/// <summary>The action word the notification-style agencies use for each message kind.</summary>
public static class MessageActions
{
    /// <summary>CREATE, AMEND, END, CANCEL or RENEW.</summary>
    public static string Of(MessageKind kind) => kind switch
    {
        MessageKind.Create => "CREATE",
        MessageKind.Amend => "AMEND",
        MessageKind.End => "END",
        MessageKind.Cancel => "CANCEL",
        MessageKind.Renew => "RENEW",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
