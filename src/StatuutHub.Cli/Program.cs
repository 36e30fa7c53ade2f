using System.CommandLine;
using Spectre.Console;
using StatuutHub.Cli;

if (Console.IsOutputRedirected)
{
    // Scripts read whole lines: do not wrap tables at a guessed 80 columns.
    AnsiConsole.Profile.Width = 240;
}

var root = new RootCommand("statuut: the StatuutHub command line (attest arbeidszorg)") { HubCommands.Hub, HubCommands.Key, HubCommands.Output };
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(VerifyReceiptCommand.Create());
foreach (var command in HubCommands.Create().Concat(CredentialCommands.Create()))
{
    root.Subcommands.Add(command);
}

HubCommands.Output.AcceptOnlyFromAmong("table", "json");
return await root.Parse(args).InvokeAsync();
