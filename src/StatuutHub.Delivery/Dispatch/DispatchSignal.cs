using StatuutHub.Delivery.Outbox;

namespace StatuutHub.Delivery.Dispatch;

/// <summary>Wakes the dispatcher when a delivery is stored or put back, so a fresh attest does not wait for the next poll.</summary>
public sealed class DispatchSignal : WorkSignal;
