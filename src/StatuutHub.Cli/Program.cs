using System.CommandLine;
using StatuutHub.Cli;

var root = new RootCommand("statuut: the StatuutHub command line (attest arbeidszorg)");
root.Subcommands.Add(ValidateCommand.Create());
return await root.Parse(args).InvokeAsync();
