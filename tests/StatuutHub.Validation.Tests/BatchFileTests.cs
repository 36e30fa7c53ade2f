using System.Text;
using StatuutHub.Validation.Batches;

namespace StatuutHub.Validation.Tests;

/// <summary>Batch files as a spreadsheet saves them become the same contract documents the API takes: the shipped example (semicolons,
/// a quoted cell holding the separator, a decimal comma, two benefits in one cell) is valid row by row; an empty cell is a missing
/// field, named by its path; a missing column refuses the whole file.</summary>
public sealed class BatchFileTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    [Fact]
    public void TheShippedExample_IsValid_RowByRow()
    {
        using var file = File.OpenRead(Path.Combine(ValidatorFixture.ExamplesDir("batch"), "two-attests.csv"));
        var rows = AttestCsv.Read(file, "two-attests.csv", new IntakeLimits());
        Assert.Equal(["two-attests.csv:2", "two-attests.csv:3"], rows.Select(r => r.Name));
        foreach (var row in rows)
        {
            var result = fixture.Validator.Validate(Encoding.UTF8.GetBytes(row.Json!), DocumentFormat.Json);
            Assert.True(result.IsValid, $"{row.Name}: {string.Join("; ", result.Problems.Select(p => $"{p.Path} {p.Code}"))}");
        }

        var second = fixture.Validator.Validate(Encoding.UTF8.GetBytes(rows[1].Json!), DocumentFormat.Json).Attest!;
        Assert.Equal((4.50m, "Atelier hout, Merelbeke"), (second.Activity.ExpenseAllowancePerDay, second.Activity.Workplace));
        Assert.Equal(2, System.Numerics.BitOperations.PopCount((uint)second.Benefits));
    }

    [Fact]
    public void AnEmptyCell_IsAMissingField_AndAMissingColumn_RefusesTheFile()
    {
        var csv = "attestId;kind;kbo;insz;benefits;startDate;hoursPerWeek\n6b0f3c2a-1d4e-4f5a-9b8c-7d6e5f4a3b21;AMA_WSE;0123456749;;UNEMPLOYMENT;2027-01-04;16\n";
        var row = Assert.Single(AttestCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "x.csv", new IntakeLimits()));
        var result = fixture.Validator.Validate(Encoding.UTF8.GetBytes(row.Json!), DocumentFormat.Json);
        Assert.Contains(result.Problems, p => p.Path == "participant.insz" && p.Code == "SCHEMA_REQUIRED");
        Assert.Equal("insz", AttestRows.CellOf("participant.insz"));
        Assert.Equal("benefits", AttestRows.CellOf("benefits[1]"));
        Assert.Null(AttestRows.CellOf(""));

        var missing = Assert.Throws<InvalidDataException>(() => AttestCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes("attestId;kind\n1;2\n")), "y.csv", new IntakeLimits()));
        Assert.Contains("kolommen ontbreken / columns missing: kbo, insz, benefits, startDate, hoursPerWeek", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkbookThatUnpacksToHundredsOfMegabytes_IsRefusedFromItsDirectory_WithoutUnpacking()
    {
        // 300 MB of shared strings in a file of about 300 KB, as the review built it.
        using var bomb = new MemoryStream();
        using (var package = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var strings = package.CreateEntry("xl/sharedStrings.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var block = Encoding.ASCII.GetBytes(new string('a', 1024 * 1024));
            for (var i = 0; i < 300; i++)
            {
                strings.Write(block);
            }
        }

        bomb.Position = 0;
        Assert.InRange(bomb.Length, 1, 2 * 1024 * 1024);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<InvalidDataException>(() => AttestSpreadsheet.Read(bomb, "bomb.xlsx", new IntakeLimits()));
        Assert.Contains("32 MB", refused.Message, StringComparison.Ordinal);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 16 * 1024 * 1024); // the 300 MB were never unpacked
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void ABatchFile_HoldsAtMostMaxBatchRowsAttests(int rows, bool read)
    {
        var csv = "attestId;kind;kbo;insz;benefits;startDate;hoursPerWeek\n" + string.Concat(Enumerable.Range(0, rows)
            .Select(i => $"6b0f3c2a-1d4e-4f5a-9b8c-7d6e5f4a3b2{i};AMA_WSE;0123456749;85073003328;UNEMPLOYMENT;2027-01-04;16\n"));
        var limits = new IntakeLimits { MaxBatchRows = 3 };
        if (read)
        {
            Assert.Equal(rows, AttestCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "few.csv", limits).Count);
        }
        else
        {
            Assert.Contains("meer dan 3 attesten", Assert.Throws<InvalidDataException>(() => AttestCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "many.csv", limits)).Message, StringComparison.Ordinal);
        }
    }
}
