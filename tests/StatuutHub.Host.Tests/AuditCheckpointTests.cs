using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Relational;

namespace StatuutHub.Host.Tests;

/// <summary>Audit anchoring: a signed checkpoint of the chains' heads, kept outside the database, catches what the chains alone
/// cannot — a writer who changes an event and recomputes every hash after it to the end of its chain.</summary>
public sealed class AuditCheckpointTests
{
    [Fact]
    public async Task AChainRewrittenToItsEnd_PassesTheChainWalk_ButNotTheCheckpoint_AndAForgedCheckpointIsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);
        var attest = Attests.New("SOCIAL_INTEGRATION");
        await hub.SubmitAsync(attest);
        await hub.SettleAsync();

        using var made = await staff.PostAsync("api/v1/admin/audit/checkpoint", null);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var checkpoint = await made.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(checkpoint.GetProperty("heads").GetArrayLength() >= 3); // the attest's own chain and one per delivery
        Assert.True((await VerifyAsync(staff, checkpoint)).GetProperty("intact").GetBoolean());

        // A database writer changes the first event of the OCMW delivery's chain and recomputes the chain to its end.
        RewriteDeliveryChain(hub.DatabasePath);
        Assert.True((await staff.GetFromJsonAsync<JsonElement>("api/v1/admin/audit/verify")).GetProperty("intact").GetBoolean());

        var caught = await VerifyAsync(staff, checkpoint);
        Assert.False(caught.GetProperty("intact").GetBoolean());
        Assert.True(caught.GetProperty("signatureValid").GetBoolean());
        Assert.Contains("herschreven", caught.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // And the checkpoint itself cannot be adjusted to match without the key.
        var forged = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(checkpoint.GetRawText())!;
        forged["createdAt"] = JsonSerializer.SerializeToElement(DateTimeOffset.UnixEpoch);
        var refused = await VerifyAsync(staff, JsonSerializer.SerializeToElement(forged));
        Assert.False(refused.GetProperty("signatureValid").GetBoolean());
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient staff, JsonElement checkpoint)
    {
        using var answer = await staff.PostAsJsonAsync("api/v1/admin/audit/verify-checkpoint", checkpoint);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void RewriteDeliveryChain(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT seq, at, attest_id, delivery_id, destination, kind, detail, actor FROM audit_events
            WHERE delivery_id = (SELECT delivery_id FROM deliveries WHERE destination LIKE 'ocmw-%' AND message_kind = 'Create' ORDER BY delivery_id LIMIT 1) ORDER BY seq
            """;
        var events = new List<(long Seq, long At, string? Attest, long? Delivery, string? Destination, string Kind, string Detail, string Actor)>();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                events.Add((reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
            }
        }

        Assert.True(events.Count >= 2);
        string? previous = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var detail = i == 0 ? e.Detail + " (rewritten)" : e.Detail;
            var hash = AuditChain.Hash(previous, e.At, e.Attest, e.Delivery, e.Destination, e.Kind, detail, e.Actor);
            using var write = connection.CreateCommand();
            write.CommandText = "UPDATE audit_events SET detail = @detail, prev_hash = @prev, hash = @hash WHERE seq = @seq";
            write.Parameters.AddWithValue("@detail", detail);
            write.Parameters.AddWithValue("@prev", (object?)previous ?? DBNull.Value);
            write.Parameters.AddWithValue("@hash", hash);
            write.Parameters.AddWithValue("@seq", e.Seq);
            write.ExecuteNonQuery();
            previous = hash;
        }
    }
}
