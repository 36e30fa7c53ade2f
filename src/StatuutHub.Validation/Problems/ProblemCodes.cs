namespace StatuutHub.Validation.Problems;

/// <summary>The stable problem codes. Clients may rely on them; add, never rename.</summary>
public static class ProblemCodes
{
    // Envelope and syntax: checked before any schema.
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";
    public const string DocumentEmpty = "DOCUMENT_EMPTY";
    public const string MalformedJson = "MALFORMED_JSON";
    public const string JsonTooDeep = "JSON_TOO_DEEP";
    public const string JsonDuplicateKey = "JSON_DUPLICATE_KEY";
    public const string MalformedXml = "MALFORMED_XML";
    public const string XmlDtdProhibited = "XML_DTD_PROHIBITED";
    public const string XmlWrongRoot = "XML_WRONG_ROOT";
    public const string TooManyProblems = "TOO_MANY_PROBLEMS";

    // Schema: the document's shape.
    public const string SchemaRequired = "SCHEMA_REQUIRED";
    public const string SchemaUnknownField = "SCHEMA_UNKNOWN_FIELD";
    public const string SchemaType = "SCHEMA_TYPE";
    public const string SchemaPattern = "SCHEMA_PATTERN";
    public const string SchemaEnum = "SCHEMA_ENUM";
    public const string SchemaRange = "SCHEMA_RANGE";
    public const string SchemaLength = "SCHEMA_LENGTH";
    public const string SchemaDate = "SCHEMA_DATE";
    public const string SchemaDuplicateItem = "SCHEMA_DUPLICATE_ITEM";
    public const string SchemaInvalid = "SCHEMA_INVALID";

    // Business rules.
    public const string InszFormat = "INSZ_FORMAT";
    public const string InszChecksum = "INSZ_CHECKSUM";
    public const string InszRange = "INSZ_RANGE";
    public const string KboFormat = "KBO_FORMAT";
    public const string KboChecksum = "KBO_CHECKSUM";
    public const string KboRange = "KBO_RANGE";
    public const string EstablishmentUnitFormat = "ESTABLISHMENT_UNIT_FORMAT";
    public const string EstablishmentUnitChecksum = "ESTABLISHMENT_UNIT_CHECKSUM";
    public const string EstablishmentUnitRange = "ESTABLISHMENT_UNIT_RANGE";
    public const string NisFormat = "NIS_FORMAT";
    public const string NisRange = "NIS_RANGE";
    public const string NisUnknown = "NIS_UNKNOWN";
    public const string NisMerged = "NIS_MERGED";
    public const string NisNotYetValid = "NIS_NOT_YET_VALID";
    public const string LandsbondUnknown = "LANDSBOND_UNKNOWN";
    public const string LandsbondRequired = "LANDSBOND_REQUIRED";
    public const string BirthDateMismatch = "BIRTHDATE_MISMATCH_INSZ";
    public const string ParticipantUnderage = "PARTICIPANT_UNDERAGE";
    public const string ParticipantPensionAge = "PARTICIPANT_PENSION_AGE";
    public const string PeriodEndBeforeStart = "PERIOD_END_BEFORE_START";
    public const string PeriodTooLong = "PERIOD_TOO_LONG";
    public const string PeriodPastPension = "PERIOD_PAST_PENSION";
    public const string BenefitsExcludeEachOther = "BENEFITS_EXCLUDE_EACH_OTHER";
    public const string AmaWithBegeleidWerken = "AMA_WITH_BEGELEID_WERKEN";
    public const string StartTooFarInPast = "START_TOO_FAR_IN_PAST";
    public const string HoursOverCap = "HOURS_OVER_CAP";
    public const string AllowanceOverDayCap = "ALLOWANCE_OVER_DAY_CAP";
    public const string AllowanceOverYearCap = "ALLOWANCE_OVER_YEAR_CAP";
    public const string AmountPrecision = "AMOUNT_PRECISION";

    // Business rules on what contract v2 adds.
    public const string WerkpostIdentifierRequired = "WERKPOST_IDENTIFIER_REQUIRED";
    public const string ZiekenfondsUnknown = "ZIEKENFONDS_UNKNOWN";
    public const string ZiekenfondsLandsbondMismatch = "ZIEKENFONDS_LANDSBOND_MISMATCH";
    public const string PermissionInTheFuture = "PERMISSION_IN_THE_FUTURE";
    public const string BenefitsFromOutsidePeriod = "BENEFITS_FROM_OUTSIDE_PERIOD";

    // Warnings: returned with the acceptance and kept with the version; never a refusal.
    public const string LateStartIncapacity = "LATE_START_INCAPACITY";
    public const string LateStartIncapacityPastGrace = "LATE_START_INCAPACITY_PAST_GRACE";
    public const string LateStartUnemployment = "LATE_START_UNEMPLOYMENT";
    public const string LateStartSocialIntegration = "LATE_START_SOCIAL_INTEGRATION";
    public const string LateStartDimona = "LATE_START_DIMONA";
    public const string AllowanceCountsAsPay = "ALLOWANCE_COUNTS_AS_PAY";
    public const string OpenEndUntilPension = "OPEN_END_UNTIL_PENSION";
    public const string AllowanceFlatAndRealCosts = "ALLOWANCE_FLAT_AND_REAL_COSTS";
}
