using System.Xml.Linq;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Host.Soap;

/// <summary>SOAP 1.1 and 1.2 envelopes, answers and faults, written by hand from the WSDL in schemas/soap.</summary>
public sealed class SoapEnvelope
{
    public static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Tns = "urn:be:statuuthub:soap:v1";

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

    /// <summary>A fault whose detail is the WSDL's AttestFault: a code and the field-located problems.</summary>
    public string Fault(bool senderFault, string code, string reasonNl, IReadOnlyList<ValidationProblem> problems)
    {
        var detail = new XElement(Tns + "AttestFault",
            new XElement(Tns + "code", code),
            problems.Select(p => new XElement(Tns + "problem",
                new XElement(Tns + "path", p.Path),
                new XElement(Tns + "code", p.Code),
                new XElement(Tns + "message", p.MessageNl),
                new XElement(Tns + "messageEn", p.MessageEn))));
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
}
