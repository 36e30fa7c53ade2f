using StatuutHub.Storage.Protection;

namespace StatuutHub.Tests.Shared;

/// <summary>The keys that seal personal data in the tests' stores and hub processes (never used outside tests).</summary>
public static class TestPersonalData
{
    public static readonly byte[] Key1 = "test-personal-data-key-000000001"u8.ToArray();
    public static readonly byte[] Key2 = "test-personal-data-key-000000002"u8.ToArray();
    public static readonly byte[] LookupKey = "test-insz-lookup-key-00000000001"u8.ToArray();

    /// <summary>A protector with key t1 (and t2 when <paramref name="current"/> is t2).</summary>
    public static PersonalDataProtector Protector(string current = "t1") =>
        new(new Dictionary<string, byte[]> { ["t1"] = Key1, ["t2"] = Key2 }, current, LookupKey);

    /// <summary>The hub's settings for the same keys.</summary>
    public static IEnumerable<string> Settings(string current = "t1", bool withKey1 = true) =>
    [
        .. withKey1 ? [$"--Storage:PersonalData:Keys:t1={Convert.ToBase64String(Key1)}"] : Array.Empty<string>(),
        $"--Storage:PersonalData:Keys:t2={Convert.ToBase64String(Key2)}",
        $"--Storage:PersonalData:CurrentKey={current}",
        $"--Storage:PersonalData:LookupKey={Convert.ToBase64String(LookupKey)}",
    ];
}
