using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Application.Alerts;

/// <summary>The <c>Alerts</c> section: which conditions alert, how often they are checked, and to whom the e-mail goes.</summary>
public sealed class AlertOptions
{
    /// <summary>Run the background watch (tests run its rounds themselves when off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the conditions are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Alert while any destination has dead letters.</summary>
    public bool DeadLetters { get; set; } = true;

    /// <summary>Alert while a destination's circuit is open (the hub stopped calling it for a while).</summary>
    public bool CircuitOpen { get; set; } = true;

    /// <summary>Alert while more deliveries than this are Overdue (0: never).</summary>
    [Range(0, 1_000_000)]
    public int OverdueAbove { get; set; } = 10;

    /// <summary>Alert while a renewal went unapproved (refused, given up, or left unanswered past its time).</summary>
    public bool RenewalMissed { get; set; } = true;

    /// <summary>Alert while an initiative had at least this many attests refused in the last 24 hours for a conflict with another
    /// initiative's attest (0: never): tries that may probe another initiative's participants (support reads both sides at
    /// <c>/api/v1/admin/conflicts</c>).</summary>
    [Range(0, 1000)]
    public int CrossInitiativeConflictsPerDay { get; set; } = 3;

    /// <summary>Where the e-mail goes; without a host or a recipient alerts are only shown (page, log, metrics).</summary>
    public AlertMailOptions Mail { get; set; } = new();
}

/// <summary>The SMTP server alerts are sent through (<c>Alerts:Mail</c>).</summary>
public sealed class AlertMailOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default: the submission port's upgrade, refused if the server does not offer it), <c>SslOnConnect</c> (465)
    /// or <c>None</c> (a relay on the same machine).</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "statuuthub@localhost";

    public List<string> To { get; set; } = [];

    /// <summary>True when mail can go: a host and at least one recipient.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(Host) && To.Count > 0;
}
