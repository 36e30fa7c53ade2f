using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Validation;

/// <summary>Size and depth caps checked before a document is parsed further; hostile input stops here.</summary>
public sealed class IntakeLimits
{
    /// <summary>On: an amendment or cancel over REST must say which version it changes (<c>If-Match</c>), else 428. Off (the default,
    /// so clients written before ETags keep working): <c>If-Match</c> is honoured when sent.</summary>
    public bool RequireIfMatch { get; set; }

    /// <summary>Largest accepted document in bytes. A real attest is about 1 KB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxDocumentBytes { get; set; } = 256 * 1024;

    /// <summary>Deepest JSON nesting accepted; the contract itself needs 3.</summary>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 16;

    /// <summary>Deepest XML element nesting accepted; the contract needs 4 (a SOAP envelope adds 2).</summary>
    [Range(6, 256)]
    public int MaxXmlDepth { get; set; } = 32;

    /// <summary>Most attests one batch file (CSV or Excel) may hold; a sector initiative has a few dozen participants.</summary>
    [Range(1, 100_000)]
    public int MaxBatchRows { get; set; } = 1000;

    /// <summary>Most bytes an Excel workbook may unpack to, all its parts together: read before the parts are, so a small
    /// file that inflates to hundreds of megabytes (a zip bomb) is refused without being unpacked.</summary>
    [Range(1024 * 1024, 1024 * 1024 * 1024)]
    public long MaxWorkbookUnpackedBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>How many of an initiative's attests for one person may be refused in a day for a conflict with another initiative's
    /// attest before the hub stops judging new ones for that person (each answered "support must look"): tries cannot be used to
    /// learn the other initiative's hours or allowances by bisection.</summary>
    [Range(1, 100)]
    public int MaxCrossConflictsPerPersonPerDay { get; set; } = 3;

    /// <summary>Highest ratio of a workbook part's unpacked to packed size, for parts over a megabyte (real workbooks stay under 30).</summary>
    [Range(10, 10_000)]
    public int MaxWorkbookPackingRatio { get; set; } = 100;
}
