using Microsoft.Extensions.Time.Testing;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Validation.Tests;

/// <summary>One validator for a test class, with "today" fixed at 2026-11-22 so the examples' dates stay valid.</summary>
public sealed class ValidatorFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Today = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Today);

    public AttestValidator Validator { get; private set; } = null!;

    public async Task InitializeAsync() => Validator = await AttestValidator.CreateAsync(RuleTablesJson.LoadDefault(), Time);

    public Task DisposeAsync() => Task.CompletedTask;

    public static string ExamplesDir(string sub) => Path.Combine(AppContext.BaseDirectory, "schemas", "examples", sub);

    public AttestValidationResult ValidateFile(string path) =>
        Validator.Validate(File.ReadAllBytes(path), path.EndsWith(".xml", StringComparison.Ordinal) ? DocumentFormat.Xml : DocumentFormat.Json);
}
