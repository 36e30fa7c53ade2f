using System.CommandLine;
using StatuutHub.Domain.Security;

namespace StatuutHub.Cli;

/// <summary>Offline helpers for the <c>Security</c> section: the hub stores only hashes.</summary>
public static class CredentialCommands
{
    public static IEnumerable<Command> Create()
    {
        var newKey = new Command("new-key", "make a new random API key and print it with the hash to configure (give the key to its owner, keep only the hash)");
        newKey.SetAction(_ =>
        {
            var key = CredentialHash.NewKey();
            Console.WriteLine($"key:  {key}");
            Console.WriteLine($"hash: {CredentialHash.HashKey(key)}");
            return ExitCodes.Ok;
        });

        var hashPassword = new Command("hash-password", "read a staff password from standard input and print its PBKDF2 hash for Security:Staff:<user>:PasswordHash");
        hashPassword.SetAction(_ =>
        {
            var password = Console.IsInputRedirected ? Console.In.ReadLine() : ReadHidden();
            if (string.IsNullOrEmpty(password) || password.Length < 12)
            {
                Console.Error.WriteLine("Geef een wachtwoord van minstens 12 tekens / give a password of at least 12 characters.");
                return ExitCodes.UsageError;
            }

            Console.WriteLine(CredentialHash.HashPassword(password));
            return ExitCodes.Ok;
        });
        return [newKey, hashPassword];
    }

    private static string ReadHidden()
    {
        Console.Error.Write("wachtwoord / password: ");
        var text = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && text.Length > 0)
            {
                text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
