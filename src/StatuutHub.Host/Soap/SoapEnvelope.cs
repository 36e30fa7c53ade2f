using System.Xml.Linq;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Host.Soap;

/// <summary>SOAP 1.1 and 1.2 envelopes, answers and faults, written by hand from the WSDL in schemas/soap.</summary>
public sealed class SoapEnvelope
{
    public static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Tns = "urn:be:statuuthub:soap:v1";

    /// <summary>The namespace of the SOAP contract v2 (the v2 attest, warnings in the answers).</summary>
    public static readonly XNamespace TnsV2 = "urn:be:statuuthub:soap:v2";

    private SoapEnvelope(XNamespace version) => Version = version;

    public static SoapEnvelope V11 { get; } = new(Soap11);

    public static SoapEnvelope V12 { get; } = new(Soap12);

    /// <summary>The envelope namespace of this SOAP version.</summary>
    public XNamespace Version { get; }

    public string ContentType => Version == Soap11 ? "text/xml; charset=utf-8" : "application/soap+xml; charset=utf-8";

    /// <summary>An answer envelope around <paramref name="body"/>.</summary>
    public string Answer(XElement body) =>
        new XElement(Version + "Envelope", new XAttribute(XNamespace.Xmlns + "s", Version), new XElement(Version + "Body", body))
            .ToString(SaveOptions.DisableFormatting);

    /// <summary>A fault whose detail is the WSDL's AttestFault (in the contract namespace <paramref name="tns"/>):
    /// a code and the field-located problems.</summary>
    public string Fault(bool senderFault, string code, string reasonNl, IReadOnlyList<ValidationProblem> problems, XNamespace tns)
    {
        var detail = new XElement(tns + "AttestFault", new XElement(tns + "code", code), problems.Select(p => Problem(tns + "problem", p)));
        XElement fault;
        if (Version == Soap11)
        {
            fault = new XElement(Soap11 + "Fault",
                new XElement("faultcode", senderFault ? "s:Client" : "s:Server"),
                new XElement("faultstring", new XAttribute(XNamespace.Xml + "lang", "nl"), reasonNl),
                new XElement("detail", detail));
        }
        else
        {
            fault = new XElement(Soap12 + "Fault",
                new XElement(Soap12 + "Code", new XElement(Soap12 + "Value", senderFault ? "s:Sender" : "s:Receiver")),
                new XElement(Soap12 + "Reason", new XElement(Soap12 + "Text", new XAttribute(XNamespace.Xml + "lang", "nl"), reasonNl)),
                new XElement(Soap12 + "Detail", detail));
        }

        return Answer(fault);
    }

    /// <summary>A field-located problem or warning as the WSDL's Problem type.</summary>
    public static XElement Problem(XName name, ValidationProblem p) => Problem(name, p.Path, p.Code, p.MessageNl, p.MessageEn);

    /// <summary>The WSDL's Problem type from its four parts.</summary>
    public static XElement Problem(XName name, string path, string code, string messageNl, string messageEn)
    {
        var tns = name.Namespace;
        return new XElement(name,
            new XElement(tns + "path", path),
            new XElement(tns + "code", code),
            new XElement(tns + "message", messageNl),
            new XElement(tns + "messageEn", messageEn));
    }
}
