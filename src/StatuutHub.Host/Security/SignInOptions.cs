namespace StatuutHub.Host.Security;

/// <summary><c>Security:SignIn</c>: how hard guessing a staff password is made.</summary>
public sealed class SignInOptions
{
    /// <summary>Failed sign-ins for one user name before it is locked.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>How long a user name stays locked (and the window in which failures count).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts per minute from one address (every user name together), beyond the general rate limit.</summary>
    public int PermitsPerMinute { get; set; } = 10;

    /// <summary>The problems of these settings, for the start-up validation.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxFailures < 1)
        {
            yield return "Security:SignIn:MaxFailures must be at least 1.";
        }

        if (LockoutDuration <= TimeSpan.Zero)
        {
            yield return "Security:SignIn:LockoutDuration must be positive.";
        }

        if (PermitsPerMinute < 1)
        {
            yield return "Security:SignIn:PermitsPerMinute must be at least 1.";
        }
    }
}
