using System.Net;
using StatuutHub.Delivery.Adapters;

namespace StatuutHub.Delivery.Tests.Adapters;

/// <summary>What an agency answers in a refusal reaches the log and the delivery's last error: an INSZ it quotes, in any printed
/// form, is masked before either sees it.</summary>
public sealed class AgencyHttpTests
{
    private sealed class Answering(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
    }

    [Theory]
    [InlineData("onbekende persoon 85073003328.")]
    [InlineData("<error>INSZ 850730-033-28 bestaat niet</error>")]
    [InlineData("{\"detail\":\"85.07.30-033.28 niet gekend\"}")]
    public async Task ARefusalQuotingAnInsz_IsReportedMasked(string body)
    {
        using var client = new HttpClient(new Answering(HttpStatusCode.BadRequest, body)) { BaseAddress = new Uri("http://agency.test/") };
        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() =>
            AgencyHttp.PostAsync(client, new AgencyRequest("ama/requests", "{}", "application/json"), Guid.NewGuid(), default));

        Assert.False(failure.Transient);
        Assert.Contains("400", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("073003", failure.Message.Replace(".", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("85", failure.Message, StringComparison.Ordinal);
    }
}
