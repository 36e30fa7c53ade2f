using System.CommandLine;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StatuutHub.Cli;

/// <summary><c>statuut verify-receipt FILE --keys KEYS</c>: checks a "recognised everywhere" receipt offline against the hub's public
/// keys (saved from <c>/.well-known/statuut-receipt-keys</c>) and prints what it says. Exit 0 genuine, 1 not (changed, or another key).</summary>
public static class VerifyReceiptCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "the receipt (a compact JWS, as GET /api/v1/attests/{id}/receipt answers)" };
        var keys = new Option<FileInfo>("--keys") { Description = "the hub's public keys (JWKS), saved from /.well-known/statuut-receipt-keys", Required = true };
        var command = new Command("verify-receipt", "check a signed receipt offline with the hub's public keys") { file, keys };
        command.SetAction(async (parse, _) => await RunAsync(parse.GetValue(file)!, parse.GetValue(keys)!, Console.Out));
        return command;
    }

    public static async Task<int> RunAsync(FileInfo receipt, FileInfo keys, TextWriter output)
    {
        if (!receipt.Exists || !keys.Exists)
        {
            await output.WriteLineAsync($"{(receipt.Exists ? keys.Name : receipt.Name)}: niet gevonden / not found");
            return ExitCodes.UsageError;
        }

        var set = new JsonWebKeySet(await File.ReadAllTextAsync(keys.FullName));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync((await File.ReadAllTextAsync(receipt.FullName)).Trim(), new TokenValidationParameters
        {
            IssuerSigningKeys = set.GetSigningKeys(),
            ValidIssuer = "statuuthub",
            ValidateAudience = false,
            ValidateLifetime = false, // a receipt states what was decided; it does not expire
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        if (!result.IsValid)
        {
            await output.WriteLineAsync($"NIET ECHT / NOT GENUINE: {result.Exception?.Message}");
            return ExitCodes.Invalid;
        }

        var token = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var attest = payload.RootElement.GetProperty("attest");
        await output.WriteLineAsync($"echt / genuine (sleutel / key {token.Kid}): attest {attest.GetProperty("id")} versie {attest.GetProperty("version")}, " +
            $"{attest.GetProperty("participant").GetProperty("insz")}, {attest.GetProperty("period").GetProperty("start")} – {attest.GetProperty("period").GetProperty("end")}");
        foreach (var body in payload.RootElement.GetProperty("bodies").EnumerateArray())
        {
            await output.WriteLineAsync($"  {body.GetProperty("destination")}: {body.GetProperty("decision")} (ref {body.GetProperty("reference")}, {body.GetProperty("decidedAt")})");
        }

        return ExitCodes.Ok;
    }
}
