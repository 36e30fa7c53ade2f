using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Demo;

/// <summary>The <c>Simulator</c> section: where the simulated agencies listen and how they behave.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The first of five ports (RVA, mutualiteit, OCMW, Dimona, VDAB); 0 picks free ports.</summary>
    [Range(0, 65532)]
    public int FirstPort { get; set; } = 5081;

    /// <summary>How long each agency takes to answer a message.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How long after its receipt each agency posts its decision back to the hub.</summary>
    public TimeSpan DecisionDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>embedded</c>: the agencies run in this process beside the hub; <c>external</c>: the hub talks to agencies
    /// another process runs at <see cref="FirstPort"/>; <c>only</c>: this process runs the agencies and no hub (scale-out demo).</summary>
    [RegularExpression("^(embedded|external|only)$", ErrorMessage = "Simulator:Mode must be embedded, external or only.")]
    public string Mode { get; set; } = "embedded";

    /// <summary>Where the agencies journal what they received and decided, so they keep their word across a restart
    /// (embedded: <c>agencies</c> under <c>Storage:DataDirectory</c> unless set; <c>only</c>: nothing kept unless set).</summary>
    public string? StateDirectory { get; set; }

    /// <summary>The agencies that take their messages from a broker's queue instead of over HTTP (e.g. <c>vdab</c>), and answer on the
    /// decisions queue. The broker is <c>Broker:*</c>; unset, a local RabbitMQ at 127.0.0.1:5672 as guest (its AMQP 1.0 plugin on).</summary>
    public List<string> QueueDestinations { get; set; } = [];

    /// <summary>The bodies that read their requests in the hub's inbox instead of receiving them (e.g. <c>ocmw</c>): their messages stay in
    /// the hub for a person to decide at <c>/kantoor</c> (the published demo office user <c>ocmw-44021</c> for OCMW 44021).</summary>
    public List<string> InboxDestinations { get; set; } = [];

    /// <summary>More hub addresses the agencies post their decisions to when the first does not answer (several hub processes on one database).</summary>
    public List<Uri> HubUrls { get; set; } = [];
}
