using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Tests;

/// <summary>The stored form of an attest: what contract v1 can say is written exactly as before contract v2 (so
/// stored hashes stay valid), everything else in the v2 shape, and both read back to the same attest.</summary>
public class CanonicalAttestJsonTests
{
    // Written by the hub before contract v2 existed (the all-benefits example of that time, now schemas/examples/attest/invalid/unemployment-and-incapacity): it must read and write back unchanged.
    private const string StoredByV1 = """{"attestId":"3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b","kind":"AMA_WSE","initiative":{"kbo":"0123456749","establishmentUnit":"2123456791","name":"De Keiberg vzw"},"participant":{"insz":"85073003328","familyName":"Peeters","givenName":"An","birthDate":"1985-07-30","residenceNis":"44021","landsbond":"100"},"benefits":["UNEMPLOYMENT","INCAPACITY","SOCIAL_INTEGRATION","DISABILITY_ALLOWANCE"],"activity":{"startDate":"2027-01-04","endDate":"2027-12-31","hoursPerWeek":16,"workplace":"Atelier hout, Merelbeke","description":"houtbewerking, onder begeleiding","expenseAllowancePerDay":4.5}}""";

    [Fact]
    public void AV1Attest_IsWrittenByteForByteAsBefore()
    {
        var attest = CanonicalAttestJson.Read(StoredByV1);
        Assert.True(CanonicalAttestJson.ExpressibleInV1(attest));
        Assert.Equal(StoredByV1, CanonicalAttestJson.Write(attest));
    }

    [Fact]
    public void AV2Attest_RoundTrips_WithEveryNewField()
    {
        var v1 = CanonicalAttestJson.Read(StoredByV1);
        var v2 = v1 with
        {
            Werkpost = new Werkpost(KboNumber.Parse("0417497106"), null),
            Participant = v1.Participant with { Ziekenfonds = Ziekenfonds.Parse("120"), CompetentOcmw = NisCode.Parse("44088") },
            Activity = v1.Activity with { EndDate = null, RealCostsPerDay = 3.20m },
            PermissionsHeld = new HeldPermissions([new PermissionHeld(PermissionBody.Mutualiteit, "MUT-2026-118", new DateOnly(2026, 3, 2))]),
        };

        var json = CanonicalAttestJson.Write(v2);
        Assert.StartsWith("{\"contractVersion\":\"2\"", json, StringComparison.Ordinal);
        Assert.Equal(v2, CanonicalAttestJson.Read(json));
        Assert.NotEqual(CanonicalAttestJson.Hash(v1), CanonicalAttestJson.Hash(v2));
    }

    [Fact]
    public void TheSameContent_HasTheSameHash_WhateverTheContractItCameIn()
    {
        var v1 = CanonicalAttestJson.Read(StoredByV1);
        // A v2 document naming the initiative's own identifiers as the workplace says what v1 said.
        var sameInV2 = v1 with { Werkpost = null };
        Assert.Equal(CanonicalAttestJson.Hash(v1), CanonicalAttestJson.Hash(sameInV2));
    }
}
