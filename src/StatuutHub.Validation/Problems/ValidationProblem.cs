namespace StatuutHub.Validation.Problems;

/// <summary>One thing wrong with a submitted document: where (a field path in the contract's
/// own names, e.g. <c>participant.insz</c> or <c>benefits[1]</c>), a stable code, and a message
/// in Dutch and English. The same problem gets the same path and code for JSON and XML.</summary>
public sealed record ValidationProblem(string Path, string Code, string MessageNl, string MessageEn)
{
    /// <summary>The path of a problem that concerns the whole document.</summary>
    public const string DocumentPath = "";
}
