using System.ServiceModel;
using System.Text.Json.Nodes;
using System.Xml.Serialization;

namespace StatuutHub.Host.Tests.Soap;

// The client side of schemas/soap/attest-service-v1.wsdl, written as svcutil would generate it:
// document/literal wrapped, XmlSerializer, one fault contract. Nothing here knows the hub's code.
#pragma warning disable CA1034, CA1819, CA1507 // contract types mirror the WSDL (lower-case names, arrays), one file

[ServiceContract(Namespace = Ns.Soap, Name = "AttestService")]
[XmlSerializerFormat(SupportFaults = true)]
public interface IAttestService
{
    [OperationContract(Action = Ns.Soap + "/SubmitAttest", ReplyAction = "*")]
    [FaultContract(typeof(AttestFault), Action = Ns.Soap + "/AttestFault", Name = "AttestFault", Namespace = Ns.Soap)]
    Task<AttestAcceptedMessage> SubmitAttestAsync(SubmitAttestRequest request);

    [OperationContract(Action = Ns.Soap + "/AmendAttest", ReplyAction = "*")]
    [FaultContract(typeof(AttestFault), Action = Ns.Soap + "/AttestFault", Name = "AttestFault", Namespace = Ns.Soap)]
    Task<AmendAttestResponse> AmendAttestAsync(AmendAttestRequest request);

    [OperationContract(Action = Ns.Soap + "/CancelAttest", ReplyAction = "*")]
    [FaultContract(typeof(AttestFault), Action = Ns.Soap + "/AttestFault", Name = "AttestFault", Namespace = Ns.Soap)]
    Task<CancelAttestResponse> CancelAttestAsync(CancelAttestRequest request);

    [OperationContract(Action = Ns.Soap + "/GetAttestStatus", ReplyAction = "*")]
    [FaultContract(typeof(AttestFault), Action = Ns.Soap + "/AttestFault", Name = "AttestFault", Namespace = Ns.Soap)]
    Task<GetAttestStatusResponse> GetAttestStatusAsync(GetAttestStatusRequest request);
}

public static class Ns
{
    public const string Soap = "urn:be:statuuthub:soap:v1";
    public const string Attest = "urn:be:statuuthub:attest:v1";
}

[MessageContract(WrapperName = "SubmitAttestRequest", WrapperNamespace = Ns.Soap, IsWrapped = true)]
public class SubmitAttestRequest
{
    [MessageBodyMember(Namespace = Ns.Attest, Order = 0)]
    public AttestType attest { get; set; } = new();
}

[MessageContract(WrapperName = "AmendAttestRequest", WrapperNamespace = Ns.Soap, IsWrapped = true)]
public class AmendAttestRequest
{
    [MessageBodyMember(Namespace = Ns.Attest, Order = 0)]
    public AttestType attest { get; set; } = new();
}

[MessageContract(WrapperName = "CancelAttestRequest", WrapperNamespace = Ns.Soap, IsWrapped = true)]
public class CancelAttestRequest
{
    [MessageBodyMember(Namespace = Ns.Soap, Order = 0)]
    public string attestId { get; set; } = string.Empty;
}

[MessageContract(WrapperName = "GetAttestStatusRequest", WrapperNamespace = Ns.Soap, IsWrapped = true)]
public class GetAttestStatusRequest
{
    [MessageBodyMember(Namespace = Ns.Soap, Order = 0)]
    public string attestId { get; set; } = string.Empty;
}

[MessageContract(IsWrapped = true)]
public abstract class AttestAcceptedBase
{
    [MessageBodyMember(Namespace = Ns.Soap, Order = 0)]
    public string attestId { get; set; } = string.Empty;

    [MessageBodyMember(Namespace = Ns.Soap, Order = 1)]
    public int version { get; set; }

    [MessageBodyMember(Namespace = Ns.Soap, Order = 2)]
    public string status { get; set; } = string.Empty;

    [MessageBodyMember(Namespace = Ns.Soap, Order = 3)]
    public string statusUrl { get; set; } = string.Empty;
}

[MessageContract(WrapperName = "SubmitAttestResponse", WrapperNamespace = Ns.Soap, IsWrapped = true)]
public class AttestAcceptedMessage : AttestAcceptedBase;

[MessageContract(WrapperName = "AmendAttestResponse", WrapperNamespace = Ns.Soap, IsWrapped = true)]
public class AmendAttestResponse : AttestAcceptedBase;

[MessageContract(WrapperName = "CancelAttestResponse", WrapperNamespace = Ns.Soap, IsWrapped = true)]
public class CancelAttestResponse : AttestAcceptedBase;

[MessageContract(WrapperName = "GetAttestStatusResponse", WrapperNamespace = Ns.Soap, IsWrapped = true)]
public class GetAttestStatusResponse
{
    [MessageBodyMember(Namespace = Ns.Soap, Order = 0)]
    public string attestId { get; set; } = string.Empty;

    [MessageBodyMember(Namespace = Ns.Soap, Order = 1)]
    public int version { get; set; }

    [MessageBodyMember(Namespace = Ns.Soap, Order = 2)]
    public string status { get; set; } = string.Empty;

    [MessageBodyMember(Namespace = Ns.Soap, Order = 3)]
    [XmlElement("delivery")]
    public DeliveryType[] delivery { get; set; } = [];
}

[XmlType(Namespace = Ns.Soap)]
public class DeliveryType
{
    [XmlElement(Order = 0)] public string destination { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public int version { get; set; }
    [XmlElement(Order = 2)] public string message { get; set; } = string.Empty;
    [XmlElement(Order = 3)] public string state { get; set; } = string.Empty;
    [XmlElement(Order = 4)] public int attempts { get; set; }
    [XmlElement(Order = 5)] public string? reference { get; set; }
    [XmlElement(Order = 6)] public string? reasonCode { get; set; }
}

[XmlType(Namespace = Ns.Soap)]
[XmlRoot("AttestFault", Namespace = Ns.Soap)]
public class AttestFault
{
    [XmlElement(Order = 0)] public string code { get; set; } = string.Empty;
    [XmlElement("problem", Order = 1)] public ProblemType[] problem { get; set; } = [];
}

[XmlType(Namespace = Ns.Soap)]
public class ProblemType
{
    [XmlElement(Order = 0)] public string path { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string code { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public string message { get; set; } = string.Empty;
    [XmlElement(Order = 3)] public string messageEn { get; set; } = string.Empty;
}

[XmlType(Namespace = Ns.Attest)]
public class AttestType
{
    [XmlElement(Order = 0)] public string attestId { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string kind { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public InitiativeType initiative { get; set; } = new();
    [XmlElement(Order = 3)] public ParticipantType participant { get; set; } = new();
    [XmlArray(Order = 4)] [XmlArrayItem("benefit")] public string[] benefits { get; set; } = [];
    [XmlElement(Order = 5)] public ActivityType activity { get; set; } = new();

    /// <summary>The same attest as a JSON contract document (for comparing with REST).</summary>
    public static AttestType FromJson(JsonObject json)
    {
        string S(JsonNode? n) => n!.GetValue<string>();
        var i = json["initiative"]!;
        var p = json["participant"]!;
        var a = json["activity"]!;
        return new AttestType
        {
            attestId = S(json["attestId"]),
            kind = S(json["kind"]),
            initiative = new InitiativeType { kbo = S(i["kbo"]), establishmentUnit = i["establishmentUnit"]?.GetValue<string>(), name = S(i["name"]) },
            participant = new ParticipantType
            {
                insz = S(p["insz"]),
                familyName = S(p["familyName"]),
                givenName = S(p["givenName"]),
                birthDate = DateTime.Parse(S(p["birthDate"]), System.Globalization.CultureInfo.InvariantCulture),
                residenceNis = S(p["residenceNis"]),
                landsbond = p["landsbond"]?.GetValue<string>(),
            },
            benefits = json["benefits"]!.AsArray().Select(b => b!.GetValue<string>()).ToArray(),
            activity = new ActivityType
            {
                startDate = DateTime.Parse(S(a["startDate"]), System.Globalization.CultureInfo.InvariantCulture),
                endDate = DateTime.Parse(S(a["endDate"]), System.Globalization.CultureInfo.InvariantCulture),
                hoursPerWeek = a["hoursPerWeek"]!.GetValue<decimal>(),
                workplace = S(a["workplace"]),
                description = a["description"]?.GetValue<string>(),
                expenseAllowancePerDay = a["expenseAllowancePerDay"]!.GetValue<decimal>(),
            },
        };
    }
}

[XmlType(Namespace = Ns.Attest)]
public class InitiativeType
{
    [XmlElement(Order = 0)] public string kbo { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string? establishmentUnit { get; set; }
    [XmlElement(Order = 2)] public string name { get; set; } = string.Empty;
}

[XmlType(Namespace = Ns.Attest)]
public class ParticipantType
{
    [XmlElement(Order = 0)] public string insz { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string familyName { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public string givenName { get; set; } = string.Empty;
    [XmlElement(Order = 3, DataType = "date")] public DateTime birthDate { get; set; }
    [XmlElement(Order = 4)] public string residenceNis { get; set; } = string.Empty;
    [XmlElement(Order = 5)] public string? landsbond { get; set; }
}

[XmlType(Namespace = Ns.Attest)]
public class ActivityType
{
    [XmlElement(Order = 0, DataType = "date")] public DateTime startDate { get; set; }
    [XmlElement(Order = 1, DataType = "date")] public DateTime endDate { get; set; }
    [XmlElement(Order = 2)] public decimal hoursPerWeek { get; set; }
    [XmlElement(Order = 3)] public string workplace { get; set; } = string.Empty;
    [XmlElement(Order = 4)] public string? description { get; set; }
    [XmlElement(Order = 5)] public decimal expenseAllowancePerDay { get; set; }
    [XmlElement(Order = 6)] public int daysPerWeek { get; set; }
    [XmlIgnore] public bool daysPerWeekSpecified { get; set; }
}
