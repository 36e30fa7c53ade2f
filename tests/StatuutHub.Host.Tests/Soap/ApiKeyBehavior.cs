using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;

namespace StatuutHub.Host.Tests.Soap;

/// <summary>Adds <c>Authorization: Bearer &lt;key&gt;</c> to every request of a WCF client, as an
/// initiative's client configures it (HTTP-level credential, same key as for REST).</summary>
public sealed class ApiKeyBehavior(string key) : IEndpointBehavior, IClientMessageInspector
{
    public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime clientRuntime) => clientRuntime.ClientMessageInspectors.Add(this);

    public object? BeforeSendRequest(ref Message request, IClientChannel channel)
    {
        if (!request.Properties.TryGetValue(HttpRequestMessageProperty.Name, out var property) || property is not HttpRequestMessageProperty http)
        {
            http = new HttpRequestMessageProperty();
            request.Properties[HttpRequestMessageProperty.Name] = http;
        }

        http.Headers["Authorization"] = "Bearer " + key;
        return null;
    }

    public void AfterReceiveReply(ref Message reply, object? correlationState)
    {
    }

    public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters)
    {
    }

    public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher endpointDispatcher)
    {
    }

    public void Validate(ServiceEndpoint endpoint)
    {
    }
}
