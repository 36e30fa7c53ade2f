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
        var rows = AttestCsv.Read(file, "two-attests.csv");
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
        var row = Assert.Single(AttestCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "x.csv"));
        var result = fixture.Validator.Validate(Encoding.UTF8.GetBytes(row.Json!), DocumentFormat.Json);
        Assert.Contains(result.Problems, p => p.Path == "participant.insz" && p.Code == "SCHEMA_REQUIRED");
        Assert.Equal("insz", AttestRows.CellOf("participant.insz"));
        Assert.Equal("benefits", AttestRows.CellOf("benefits[1]"));
        Assert.Null(AttestRows.CellOf(""));

        var missing = Assert.Throws<InvalidDataException>(() => AttestCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes("attestId;kind\n1;2\n")), "y.csv"));
        Assert.Contains("kolommen ontbreken / columns missing: kbo, insz, benefits, startDate, hoursPerWeek", missing.Message, StringComparison.Ordinal);
    }
}
