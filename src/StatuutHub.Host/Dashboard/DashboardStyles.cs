namespace StatuutHub.Host.Dashboard;

/// <summary>The pages' one style sheet, inline in each page (the policy allows inline styles, never inline scripts).</summary>
public static class DashboardStyles
{
    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f9; }
        header { background: #00334d; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.2rem; align-items: center; flex-wrap: wrap; }
        header a { color: #fff; text-decoration: none; } header strong { margin-right: 1rem; } header nav { display: flex; gap: 1.2rem; flex-wrap: wrap; }
        main { padding: 1rem 1.2rem; }
        .cards { display: flex; gap: .8rem; flex-wrap: wrap; }
        .card { background: #fff; border: 1px solid #d8dde3; border-radius: 6px; padding: .6rem .9rem; min-width: 9rem; }
        .card .n { font-size: 1.8rem; font-weight: 600; }
        .warn .n { color: #b15300; } .bad .n { color: #b00020; } .good .n { color: #136f2d; }
        table { border-collapse: collapse; background: #fff; margin: .6rem 0 1.2rem; }
        th, td { border: 1px solid #d8dde3; padding: .3rem .5rem; text-align: left; vertical-align: top; font-size: .92rem; }
        th { background: #eef1f4; }
        form.inline { display: inline; } button { cursor: pointer; }
        .lang { margin-left: auto; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: .5rem; top: .5rem; background: #fff; color: #00334d; padding: .3rem .6rem; }
        a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f0a500; outline-offset: 1px; }
        .problem { color: #b00020; font-weight: 600; display: block; } .summary { border: 3px solid #b00020; padding: .4rem .9rem; background: #fff; }
        .field { margin: .5rem 0; } .field label { display: block; font-weight: 600; } .hint { color: #4a4a4a; font-size: .9rem; display: block; }
        caption { text-align: left; font-weight: 600; padding: .2rem 0; }
        @media print { header, .no-print, .skip { display: none; } body { background: #fff; } main { padding: 0; } @page { size: A4; margin: 15mm; } }
        """;
}
