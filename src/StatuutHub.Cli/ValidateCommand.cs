using System.CommandLine;
using StatuutHub.Validation;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Cli;

/// <summary><c>statuut validate FILE...</c>: checks attest documents offline with exactly the hub's validator.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "attest documents (.json or .xml)", Arity = ArgumentArity.OneOrMore };
        var english = new Option<bool>("--english") { Description = "print messages in English instead of Dutch" };
        var command = new Command("validate", "validate attest documents offline (schema and business rules)") { files, english };
        command.SetAction(async (parse, _) => await RunAsync(parse.GetValue(files)!, parse.GetValue(english), Console.Out));
        return command;
    }

    public static async Task<int> RunAsync(FileInfo[] files, bool english, TextWriter output)
    {
        var validator = await AttestValidator.CreateAsync(RuleTablesJson.LoadDefault(), TimeProvider.System);
        var exit = ExitCodes.Ok;
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                await output.WriteLineAsync($"{file.Name}: not found");
                return ExitCodes.UsageError;
            }

            var format = file.Extension.Equals(".xml", StringComparison.OrdinalIgnoreCase) ? DocumentFormat.Xml : DocumentFormat.Json;
            var result = validator.Validate(await File.ReadAllBytesAsync(file.FullName), format);
            if (result.IsValid)
            {
                await output.WriteLineAsync($"{file.Name}: geldig / valid (attest {result.Attest.AttestId}, {result.Attest.Participant.Insz.Masked})");
                continue;
            }

            exit = ExitCodes.Invalid;
            await output.WriteLineAsync($"{file.Name}: {result.Problems.Count} probleem/problemen");
            foreach (var problem in result.Problems)
            {
                var path = problem.Path.Length == 0 ? "(document)" : problem.Path;
                await output.WriteLineAsync($"  {path}  {problem.Code}  {(english ? problem.MessageEn : problem.MessageNl)}");
            }
        }

        return exit;
    }
}
