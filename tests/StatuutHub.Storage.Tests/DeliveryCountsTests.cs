using Npgsql;
using StatuutHub.Storage.Postgres;
using StatuutHub.Storage.Relational.Writes;

namespace StatuutHub.Storage.Tests;

/// <summary>Where a writer adds its count changes: a slot of its own, so a process's writers never wait for the same counter row.</summary>
public sealed class DeliveryCountsTests
{
    [Fact]
    public async Task EachWriterConnection_KeepsOneSlot_AndNoTwoOfAProcessShareOne()
    {
        await using var db = new PostgresDatabase("Host=localhost;Database=unused");
        var counts = new DeliveryCounts(db);
        var writers = Enumerable.Range(0, db.CounterSlots).Select(_ => new NpgsqlConnection()).ToList();

        var slots = writers.Select(counts.SlotOf).ToList();

        Assert.Equal(db.CounterSlots, slots.Distinct().Count());
        Assert.All(slots, slot => Assert.InRange(slot, 0, db.CounterSlots - 1));
        Assert.Equal(slots, writers.Select(counts.SlotOf)); // the same connection, the same slot, every time
        writers.ForEach(w => w.Dispose());
    }
}
