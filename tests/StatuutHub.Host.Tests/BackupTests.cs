using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Application.Reconciliation;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests;

/// <summary>A backup taken while initiatives submit is a consistent store: a hub started on it has every attest the backup
/// holds, and delivers them to the end (messages the agencies never saw are sent, the others asked about).</summary>
public sealed class BackupTests
{
    [Fact]
    public async Task ABackupTakenUnderLoad_Restores_AndTheRestoredHubRecognisesEveryAttestItHolds()
    {
        await using var hub = await TestHub.StartAsync();
        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);
        var attests = Enumerable.Range(0, 40).Select(_ => Attests.New("UNEMPLOYMENT", "SOCIAL_INTEGRATION")).ToList();
        var accepted = 0;
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            foreach (var attest in attests.Where((_, i) => i % 4 == worker))
            {
                Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
                Interlocked.Increment(ref accepted);
            }
        })));
        await TestHub.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref accepted) >= 10), "10 attests accepted");
        var before = Volatile.Read(ref accepted);
        using var answer = await staff.PostAsync("api/v1/admin/backup", null);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var backup = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("file").GetString()!;
        await load;
        await hub.SettleAsync(); // the original goes on: part of what the backup holds as Pending is Sent and decided here
        Assert.True(new FileInfo(backup).Length > 0);

        var restoredData = Directory.CreateTempSubdirectory("statuut-restored-").FullName;
        File.Copy(backup, Path.Combine(restoredData, "statuut.db"));
        try
        {
            await using var restored = await TestHub.StartAsync($"--Storage:DataDirectory={restoredData}");
            var held = new List<Guid>();
            foreach (var attest in attests)
            {
                using var status = await restored.Client.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}");
                if (status.StatusCode == HttpStatusCode.OK)
                {
                    held.Add(Attests.IdOf(attest));
                }
            }

            Assert.InRange(held.Count, before, attests.Count);

            // The restored hub's agencies start empty: at start-up it asks about what was Sent, sends again what they do not know.
            await restored.SettleAsync();
            await restored.Hub.App.Services.GetRequiredService<DecisionReconciler>().RunOnceAsync(everythingOutstanding: true, default);
            await restored.SettleAsync();
            await restored.Hub.App.Services.GetRequiredService<DecisionReconciler>().RunOnceAsync(everythingOutstanding: true, default);
            await restored.SettleAsync();
            foreach (var id in held)
            {
                Assert.Equal("Recognised", await restored.StatusTextAsync(id));
            }
        }
        finally
        {
            Directory.Delete(restoredData, recursive: true);
        }
    }
}
