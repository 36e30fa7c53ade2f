namespace StatuutHub.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>Everything valid, accepted or done.</summary>
    public const int Ok = 0;

    /// <summary>At least one document was refused, or the thing asked for does not exist (details printed).</summary>
    public const int Invalid = 1;

    /// <summary>The command could not run: bad arguments, unreadable file.</summary>
    public const int UsageError = 2;

    /// <summary>The hub could not be reached.</summary>
    public const int HubUnreachable = 3;
}
