using System.Text.Json.Nodes;

namespace StatuutHub.Tests.Shared;

/// <summary>Attests numbered 0, 1, 2, …: the unemployment-and-leefloon example with its own id and a distinct INSZ per number
/// (for the end-to-end tests and the load tools).</summary>
public static class NumberedAttests
{
    public static JsonObject New(int n, string? exampleJson = null)
    {
        var doc = JsonNode.Parse(exampleJson ?? File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "unemployment-and-leefloon.json")))!.AsObject();
        doc["attestId"] = Guid.NewGuid().ToString();
        // Born 1970 to 1997: 29 to 57 years old in 2027, below the pension age, and before 2000, so the check digits
        // need no century prefix.
        var birth = new DateOnly(1970, 1, 1).AddDays(n % 10000);
        var nine = $"{birth:yyMMdd}{(n / 10000 % 997) + 1:000}";
        var check = 97 - (int)(long.Parse(nine, System.Globalization.CultureInfo.InvariantCulture) % 97);
        doc["participant"]!["insz"] = $"{nine}{check:00}";
        doc["participant"]!["birthDate"] = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return doc;
    }

    /// <summary>Attest <paramref name="n"/> starting two weeks from today for six months, so the rule on late starts never
    /// ages a test that runs the product on the real clock.</summary>
    public static JsonObject StartingSoon(int n)
    {
        var attest = New(n);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        attest["activity"]!["startDate"] = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        attest["activity"]!["endDate"] = start.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return attest;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }
}
