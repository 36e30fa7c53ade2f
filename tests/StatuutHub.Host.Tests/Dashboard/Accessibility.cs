using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>axe-core (the npm engine, as Deque packages it for Playwright) run inside the page.</summary>
public static class Accessibility
{
    /// <summary>Fails with every serious or critical violation of the page, each with the first elements it concerns.</summary>
    public static async Task ExpectNoSeriousViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))})").ToList();
        Assert.True(serious.Count == 0, $"{what}: {string.Join("\n", serious)}");
    }
}
