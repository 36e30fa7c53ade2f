namespace StatuutHub.Domain.Rules;

/// <summary>The legal pension by birth date (Wet van 10 augustus 2015): the age follows the birth year — 65 for people
/// born before 1960, 66 for 1960–1963, 67 from 1964 (rules data, <c>legalPensionAgeByBirthDate</c>) — and the pension
/// starts on the first day of the month after the birthday on which that age is reached. Arbeidsmatige activiteiten
/// run up to the day before.</summary>
public sealed class LegalPension(DatedTable<int> ageByBirthDate)
{
    /// <summary>The table: its rows are dated by birth date, not by the day of the activity.</summary>
    public DatedTable<int> AgeByBirthDate { get; } = ageByBirthDate;

    /// <summary>The legal pension age of a person born on <paramref name="birth"/>.</summary>
    public int AgeOf(DateOnly birth) => AgeByBirthDate.At(birth);

    /// <summary>The day the legal pension of a person born on <paramref name="birth"/> starts.</summary>
    public DateOnly StartOf(DateOnly birth)
    {
        var birthday = birth.AddYears(AgeOf(birth));
        return new DateOnly(birthday.Year, birthday.Month, 1).AddMonths(1);
    }

    /// <summary>The last day a person born on <paramref name="birth"/> may take part: the day before the pension starts.</summary>
    public DateOnly LastActivityDayOf(DateOnly birth) => StartOf(birth).AddDays(-1);
}
