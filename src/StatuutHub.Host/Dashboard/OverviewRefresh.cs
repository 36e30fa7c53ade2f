using System.ComponentModel.DataAnnotations;
using System.Text;

namespace StatuutHub.Host.Dashboard;

/// <summary>The overview refreshes itself without a full reload: one small script from the hub itself (no inline script, so
/// the pages' policy stays strict: only this page may run a script, and only one from the hub) fetches the live part of the
/// page every <see cref="DashboardOptions.RefreshSeconds"/> and swaps it in, while the tab is visible and the box is ticked;
/// a disclosure the reader opened (the chart as a table) stays open across the swap.
/// Without scripts the page is the same page, refreshed by hand.</summary>
public static class OverviewRefresh
{
    public const string ScriptPath = "/assets/overzicht-vernieuwen.js";

    /// <summary>The overview's policy: the dashboard's own, plus scripts and fetches from the hub.</summary>
    public const string Policy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string Script = """
        'use strict';
        (() => {
          const live = document.getElementById('live');
          const toggle = document.getElementById('auto-refresh');
          const stamp = document.getElementById('refreshed');
          if (!live || !toggle || !stamp) return;
          const every = Math.max(1, Number(live.dataset.every)) * 1000;
          async function refresh() {
            if (!toggle.checked || document.hidden) return;
            try {
              const answer = await fetch(live.dataset.src, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
              if (!answer.ok) { stamp.textContent = stamp.dataset.failed; return; }
              const html = await answer.text();
              // What the reader opened stays open (the chart's table): the new part comes with every disclosure closed.
              const open = [...live.querySelectorAll('details[open][id]')].map(d => d.id);
              live.innerHTML = html;
              open.forEach(id => { const d = document.getElementById(id); if (d) d.open = true; });
              stamp.textContent = stamp.dataset.done + ' ' + new Date().toLocaleTimeString('nl-BE', { timeZone: 'Europe/Brussels' });
            } catch {
              stamp.textContent = stamp.dataset.failed;
            }
          }
          setInterval(refresh, every);
        })();
        """;

    public static void MapOverviewRefresh(this RouteGroupBuilder pages) =>
        pages.MapGet(ScriptPath, () => Results.Text(Script, "text/javascript; charset=utf-8", Encoding.UTF8));
}

/// <summary>The dashboard's settings (section <c>Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    /// <summary>How often the overview fetches its live part again.</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 15;
}
