using System.Globalization;
using System.Text;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Dashboard;

/// <summary>The last 24 hours as a server-drawn SVG bar chart: submitted and recognised attests per hour (Belgian hours), and the
/// same numbers as a table for whoever cannot see the chart.</summary>
public static class DayChart
{
    /// <summary>The chart's numbers as a table, behind a disclosure so the page stays short.</summary>
    public static string Table(IReadOnlyList<HourBucket> hours, Labels l)
    {
        var table = new StringBuilder($"<details id=\"last-day-details\"><summary>{Page.Encode(l["chartAsTable"])}</summary><table id=\"last-day-table\"><caption>{Page.Encode(l["lastDay"])}</caption>" +
            $"<tr><th scope=\"col\">{Page.Encode(l["hour"])}</th><th scope=\"col\">{Page.Encode(l["submitted"])}</th><th scope=\"col\">{Page.Encode(l["recognised"])}</th><th scope=\"col\">{Page.Encode(l["medianTime"])}</th></tr>");
        foreach (var h in hours)
        {
            table.Append(CultureInfo.InvariantCulture,
                $"<tr><th scope=\"row\">{Hour(h):HH}:00</th><td>{h.Submitted}</td><td>{h.Recognised}</td><td>{(h.MedianTimeToRecognition is { } m ? $"{m.TotalSeconds:F0} s" : "–")}</td></tr>");
        }

        return table.Append("</table></details>").ToString();
    }

    private static DateTimeOffset Hour(HourBucket h) => StatuutHub.Domain.Calendar.BelgianTime.Local(h.Hour);

    public static string Svg(IReadOnlyList<HourBucket> hours, Labels l)
    {
        const int width = 720, height = 180, left = 36, bottom = 24;
        var max = Math.Max(1, hours.Max(h => Math.Max(h.Submitted, h.Recognised)));
        var slot = (width - left) / (double)hours.Count;
        var svg = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 20}\" role=\"img\" aria-label=\"{Page.Encode(l["lastDay"])}\">"));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"12\" font-size=\"11\">{max}</text><line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\" stroke=\"#888\"/>");
        for (var i = 0; i < hours.Count; i++)
        {
            var h = hours[i];
            var x = left + (i * slot);
            double Bar(int n) => (height - bottom - 10) * n / (double)max;
            var s = Bar(h.Submitted);
            var r = Bar(h.Recognised);
            var tip = $"{Hour(h):HH}:00 — {l["submitted"]}: {h.Submitted}, {l["recognised"]}: {h.Recognised}"
                + (h.MedianTimeToRecognition is { } m ? $", {l["medianTime"]}: {m.TotalSeconds:F0} s" : string.Empty);
            svg.Append(CultureInfo.InvariantCulture, $"<g><title>{Page.Encode(tip)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 2:F1}\" y=\"{height - bottom - s:F1}\" width=\"{(slot / 2) - 2:F1}\" height=\"{s:F1}\" fill=\"#4a7fb0\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + (slot / 2):F1}\" y=\"{height - bottom - r:F1}\" width=\"{(slot / 2) - 2:F1}\" height=\"{r:F1}\" fill=\"#2e9d57\"/></g>");
            if (i % 3 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{height - 8}\" font-size=\"10\">{Hour(h):HH}u</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{height + 6}\" width=\"10\" height=\"10\" fill=\"#4a7fb0\"/><text x=\"{left + 14}\" y=\"{height + 15}\" font-size=\"11\">{Page.Encode(l["submitted"])}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + 110}\" y=\"{height + 6}\" width=\"10\" height=\"10\" fill=\"#2e9d57\"/><text x=\"{left + 124}\" y=\"{height + 15}\" font-size=\"11\">{Page.Encode(l["recognised"])}</text>");
        return svg.Append("</svg>").ToString();
    }
}
