namespace StatuutHub.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>Everything valid or done.</summary>
    public const int Ok = 0;

    /// <summary>At least one document was refused (problems printed).</summary>
    public const int Invalid = 1;

    /// <summary>The command could not run: bad arguments, unreadable file.</summary>
    public const int UsageError = 2;
}
